"""Detection rules that add to deduce for spoken Dutch: lexicons, frames, numbers in words, fixed shapes, and corrections of deduce's spans into typed tags (see docs/privacy.md)."""
