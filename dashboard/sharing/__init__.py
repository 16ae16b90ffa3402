"""What a share link's visitor sees (the shared page, its preview image) and the creator's pages to make and
manage links: pure functions of data, HTML strings and PNG bytes; callbacks/sharing.py fills them."""
