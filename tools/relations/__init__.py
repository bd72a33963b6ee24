"""Training the learned relation model (extract/claims/relation_model.py) on the relation corpora."""
