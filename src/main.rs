//! The `marquee` binary: loads `.env`, then hands over to the command line.

fn main() -> std::process::ExitCode {
    // A missing .env is normal; a malformed one is reported by the config that it breaks.
    let _ = dotenvy::dotenv();
    marquee::cli::run()
}
