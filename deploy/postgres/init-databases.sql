-- One database per service (a service owns its data).
CREATE DATABASE plans;
CREATE DATABASE consent;
CREATE DATABASE gateway;
CREATE DATABASE resources;
CREATE DATABASE network;
