//! The wire types: AWS Rekognition's requests and responses, field for field (PascalCase), so AWS
//! SDKs and documentation apply unchanged. Fields aigate does not fill are left out.

mod collections;
mod common;
mod faces;
mod labels;
mod moderation;
mod text;

pub use collections::*;
pub use common::*;
pub use faces::*;
pub use labels::*;
pub use moderation::*;
pub use text::*;
