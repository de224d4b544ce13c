//! The wire types: AWS Comprehend's requests and responses field for field (PascalCase), plus
//! aigate's Embed, Similarity and zero-shot ClassifyDocument.

mod batch;
mod detect;
mod pii;
mod toxic;
mod vectors;

pub use batch::*;
pub use detect::*;
pub use pii::*;
pub use toxic::*;
pub use vectors::*;
