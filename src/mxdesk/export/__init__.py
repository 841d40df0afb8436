"""PDF fact sheets and brochures (Qt GUI classes, no widgets)."""
