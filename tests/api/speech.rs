//! End-to-end tests of the speech service: the real models over HTTP.
