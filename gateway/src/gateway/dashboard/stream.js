// Follows the gateway's Server-Sent Events stream with fetch: EventSource cannot send the
// Authorization header. Resumes after the last id seen (Last-Event-ID) on every reconnect.

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10000;

export class EventStream {
  constructor({ url, token, onEvent, onState }) {
    this.url = url;
    this.token = token; // a function: the token may be renewed between connections
    this.onEvent = onEvent;
    this.onState = onState;
    this.lastId = null;
    this.controller = null;
  }

  start() {
    this.controller = new AbortController();
    this.#run(this.controller.signal);
  }

  stop() {
    this.controller?.abort();
    this.controller = null;
  }

  async #run(signal) {
    let wait = RETRY_FIRST_MS;
    while (!signal.aborted) {
      try {
        const response = await fetch(this.url, { headers: this.#headers(), signal, cache: "no-store" });
        if (response.status === 401 || response.status === 403) {
          this.onState("stopped", response.status);
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        this.onState("live");
        wait = RETRY_FIRST_MS;
        await this.#read(response.body, signal);
      } catch (error) {
        if (signal.aborted) return;
      }
      this.onState("connecting");
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, RETRY_MAX_MS);
    }
  }

  #headers() {
    const headers = { Authorization: `Bearer ${this.token()}`, Accept: "text/event-stream" };
    if (this.lastId !== null) headers["Last-Event-ID"] = this.lastId;
    return headers;
  }

  async #read(body, signal) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser((message) => {
      if (message.id !== null) this.lastId = message.id;
      if (message.data) this.onEvent(message);
    });
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.push(value);
    }
  }
}

// The text/event-stream format (WHATWG HTML §9.2.6): lines end in CRLF, LF or CR; a blank
// line ends a message; a line starting with ":" is a comment (the gateway's pings).
export class SseParser {
  constructor(dispatch) {
    this.dispatch = dispatch;
    this.buffer = "";
    this.#reset();
  }

  #reset() {
    this.message = { id: null, event: "message", data: "" };
    this.lines = [];
  }

  push(chunk) {
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.search(/\r\n|\n|\r/);
      if (end < 0) return;
      // A CR at the very end may be the first half of a CRLF split between chunks.
      if (this.buffer[end] === "\r" && end === this.buffer.length - 1) return;
      const width = this.buffer.startsWith("\r\n", end) ? 2 : 1;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + width);
      this.#line(line);
    }
  }

  #line(line) {
    if (line === "") {
      if (this.lines.length || this.message.id !== null) {
        this.dispatch({ ...this.message, data: this.lines.join("\n") });
      }
      this.#reset();
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.lines.push(value);
    else if (field === "event") this.message.event = value;
    else if (field === "id" && !value.includes("\0")) this.message.id = value;
  }
}
