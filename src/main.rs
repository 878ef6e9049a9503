//! The `entigraph` command: thin glue over the library (see `cli/`).

#[macro_use]
mod cli;

use std::process::ExitCode;

/// The build allocates and frees many small vectors and strings per document; glibc's malloc
/// was a tenth of a one-thread build's instructions (see docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    remove_temp_files_on_signal();
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

/// On SIGINT (Ctrl-C) or SIGTERM, removes the temporary files being written (full-size
/// `.entigraph-*.tmp` files in the output directory, otherwise left behind: the default action
/// of a signal runs no destructor), kills the Graphviz process `render` may be running, and
/// exits with the shell's code for the signal, 128 + its
/// number (130, 143). Outputs already in place are left as they are; files being renamed into
/// place together are all renamed first (see `export::remove_temp_files`).
#[cfg(unix)]
fn remove_temp_files_on_signal() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return; // (The signals keep their default action.)
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _held = entigraph::export::remove_temp_files();
            // (Graphviz, which `render` runs, is killed too: it would outlive the run.)
            let _graphviz = cli::kill_graphviz();
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
fn remove_temp_files_on_signal() {}
