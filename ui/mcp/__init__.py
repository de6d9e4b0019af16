"""The assistant as a Model Context Protocol server (official `mcp` SDK): tools over stdio and
streamable HTTP (`shopassist mcp [--http]`). `server.py` holds the tools, `http.py` the transports."""
