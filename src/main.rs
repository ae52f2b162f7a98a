//! The `marquee` binary: loads `.env`, then hands over to the command line.

use std::process::ExitCode;

/// mimalloc rather than glibc's allocator: many threads allocating and freeing response
/// bodies made glibc's per-thread arenas hold on to memory the cache had already let go
/// (resident memory well above the cache's bound), and allocation is a tenth of a read.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A missing .env is normal; a malformed one stops the start naming the line, rather
    // than silently dropping it and every line after it.
    if let Err(e) = dotenvy::dotenv() {
        if !e.not_found() {
            eprintln!("marquee: .env: {}", describe_dotenv_error(&e));
            return ExitCode::from(2);
        }
    }
    marquee::cli::run()
}

/// dotenvy reports the offending line's text; say which line of the file it is.
fn describe_dotenv_error(e: &dotenvy::Error) -> String {
    if let dotenvy::Error::LineParse(line, _) = e {
        let number = std::fs::read_to_string(".env")
            .ok()
            .and_then(|text| text.lines().position(|l| l.trim_end() == line.trim_end()))
            .map(|n| n + 1);
        if let Some(number) = number {
            return format!("line {number} is not NAME=value: {line:?}");
        }
    }
    e.to_string()
}
