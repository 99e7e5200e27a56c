"""Exchange with other tools beyond what each stage exports itself.

The REFI-QDA codebook (.qdc) lives in ``workbench.codebook.qdc``; codings CSV/JSONL in
``workbench.review.codings_io``; agreement tables in ``workbench.agreement.export``. A REFI-QDA
project export (.qdpx) is planned here.
"""
