"""Every front door over the one `Assistant`: the Gradio chat UI (web/), the HTTP API with an
OpenAI-compatible route (api/), and the command line (cli.py, also `python -m ui`)."""
