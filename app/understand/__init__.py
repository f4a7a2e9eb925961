"""Understanding a question: which body, which year(s), which figure, what kind of answer."""
