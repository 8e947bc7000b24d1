//! Japanese full-text search, built at build time from public records only.

pub mod normalize;

pub use normalize::normalize;
