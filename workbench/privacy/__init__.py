"""Privacy checks on stored text: the audit of what may still identify someone, and applying
the allow/deny lists to transcripts already stored (offsets and codings kept)."""
