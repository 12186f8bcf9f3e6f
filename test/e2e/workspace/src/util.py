"""Sample source for the end-to-end tests."""


def slugify(text: str) -> str:
    """Lower-case `text` and join its words with dashes."""
    return "-".join(text.lower().split())


def chunks(items, size):
    """Yield successive lists of `size` items."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
