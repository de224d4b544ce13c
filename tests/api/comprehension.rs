//! End-to-end tests of the comprehension service: the real models over HTTP.
