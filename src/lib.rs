//! placeholder
mod score_text;
