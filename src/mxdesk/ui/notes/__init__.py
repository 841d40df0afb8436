"""The user's notes in the window, one module per behaviour: the editors that save as you
type, the cluster panel, the My notes tab and its shortlists, the item models, import,
backups, and what guards the notes (undo of deletes, unsaved text)."""
