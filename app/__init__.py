"""App: understand questions, answer from facts and passages, serve the web app."""
