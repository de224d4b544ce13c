//! End-to-end tests of the vision service: the real models over HTTP.
