"""PDF fact sheets and brochures: html (no Qt), layout (Qt GUI classes, no widgets), outline
(bookmarks, no Qt) and pdf, the entry point that writes the file."""
