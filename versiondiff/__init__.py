"""versiondiff: compare revisions of draft policy documents.

Data flows source → normalize → store → compare → render:

- ``versiondiff.normalize`` turns any revision (text, Markdown, HTML, DOCX, PDF)
  into a ``Document``: a section tree plus its canonical Markdown.
- ``versiondiff.store`` keeps revisions in a git repository.
- ``versiondiff.compare`` aligns two documents and pairs their figures.
- ``versiondiff.render`` turns a comparison into text, JSON, Markdown or HTML.
"""

__version__ = "0.1.0"
