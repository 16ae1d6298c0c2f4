"""Client plans service (asiakassuunnitelma)."""
