//! Text processing that disclosure, rendering and verification share, and that knows nothing
//! of records: the folded forms Japanese text is searched and compared in, and Markdown.

pub mod markdown;
pub mod matching;
pub mod normalize;
