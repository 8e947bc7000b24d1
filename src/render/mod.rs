//! Render: public records → output files. Each renderer takes `public::Site` and nothing else.

pub mod budget;
pub mod format;
pub mod html;
pub mod jsonld;
pub mod markdown;
pub mod minify;
pub mod xml;
