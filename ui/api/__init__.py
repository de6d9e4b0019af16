"""The /v1 HTTP API for customer-service systems (FastAPI inside gradio), with pydantic bodies
and an OpenAI-compatible chat route."""
