mod cli;
mod errors;
mod helpers;
mod migrations;
mod openapi;
mod ops;
