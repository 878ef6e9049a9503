//! The `entigraph` command: thin glue over the library (see `cli/`).

#[macro_use]
mod cli;

use std::process::ExitCode;

/// The build allocates and frees many small vectors and strings per document; glibc's malloc
/// was a tenth of a one-thread build's instructions (see docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            message!("entigraph: {err:#}");
            if err.downcast_ref::<cli::Usage>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<entigraph::Error>().is_some_and(|x| {
                matches!(x, entigraph::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}
