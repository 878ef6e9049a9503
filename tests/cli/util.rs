//! Test helpers: a temporary directory and a way to run the binary in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temporary working directory, removed when dropped.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

/// What a run of the binary produced.
pub struct Run {
    /// The arguments it was run with, for failure messages.
    pub args: Vec<String>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Asserts that the run exited with `code` and that its stderr contains each of `texts`; a
/// failure names the command and shows its stdout and stderr.
#[track_caller]
pub fn assert_exit(r: &Run, code: i32, texts: &[impl AsRef<str>]) {
    let missing: Vec<&str> = (texts.iter().map(AsRef::as_ref))
        .filter(|t| !r.stderr.contains(t))
        .collect();
    if r.code != code || !missing.is_empty() {
        let stdout: String = r.stdout.chars().take(4000).collect();
        panic!(
            "entigraph {args:?}: expected exit code {code} and stderr containing {missing:?}; \
             got exit code {got}\n--- stderr ---\n{stderr}\n--- stdout{cut} ---\n{stdout}",
            args = r.args,
            got = r.code,
            stderr = r.stderr,
            cut = if stdout.len() < r.stdout.len() {
                " (first 4000 characters)"
            } else {
                ""
            },
        );
    }
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders) and returns its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap()
    }

    /// Runs `entigraph ARGS` in the directory.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_stdin(args, None)
    }

    /// Runs `entigraph ARGS` in the subdirectory `dir` (a user who moved between directories).
    pub fn run_in(&self, dir: &str, args: &[&str]) -> Run {
        self.run_at(&self.dir.path().join(dir), args, None)
    }

    pub fn run_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> Run {
        self.run_at(self.dir.path(), args, stdin)
    }

    fn run_at(&self, dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_entigraph"));
        cmd.args(args).current_dir(dir);
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run entigraph");
        if let Some(input) = stdin {
            use std::io::Write;
            let mut si = child.stdin.take().unwrap();
            // A run may stop before it reads all its input (a refused run reads none of it).
            if let Err(e) = si.write_all(input) {
                assert_eq!(
                    e.kind(),
                    std::io::ErrorKind::BrokenPipe,
                    "writing stdin: {e}"
                );
            }
        }
        let out: Output = child.wait_with_output().unwrap();
        Run {
            args: args.iter().map(|a| a.to_string()).collect(),
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The repository's own files (samples, fixtures).
pub fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A text whose first sentence names three countries and whose second names two of them: built
/// with `--max-window-entities 2`, the first sentence is a crowded window (its entities counted,
/// no link) and the second links China and Russia.
pub const CROWDED: &str =
    "China, Russia and France met in Geneva. China and Russia signed a deal.\n";
