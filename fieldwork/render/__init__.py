"""Documents built in memory from records: the Annex C form, the letter draft, reports.

Renderers return text or bytes and never touch the disk; the caller writes them (atomically,
with store.files.atomic_write). python-docx is imported only when a .docx is asked for, so the
domain stays quick to import. Every Word document starts from fieldwork.render.word.
"""
