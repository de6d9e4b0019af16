"""The Gradio chat UI: chat, product cards, compare view, and the screenshot script."""
