//! `entigraph render`: draw a graph as SVG or PNG through Graphviz, or write the HTML explorer.
//!
//! The graph is written as DOT and fed to Graphviz's `dot` program on stdin (`-K` picks the
//! layout engine); its output is captured and written atomically. The HTML explorer embeds the
//! SVG drawing, so it needs Graphviz too.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::{Mutex, MutexGuard};

use anyhow::{Context, bail};
use clap::ValueEnum;
use entigraph::export::dot::{self, DotOptions, Engine};
use entigraph::export::json::GraphFile;
use entigraph::export::{Count, html, write_atomic};
use entigraph::filter::Filter;

use super::Usage;
use super::common::{
    Reads, check_output_file, graph_files, refuse_output_as_input, refuse_replacing_graph,
};
use super::export::read_graph;
use super::filter::FilterArgs;

/// Arguments of `render`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Needs Graphviz (the `dot` program): `apt-get install graphviz`, \
                        `brew install graphviz`, or https://graphviz.org/download/."
)]
pub(crate) struct Args {
    /// The graph: a graph.json file, or a directory holding one (as `build` writes), or - for
    /// stdin.
    #[arg(value_name = "GRAPH")]
    graph: PathBuf,
    /// Output file; its extension (.svg, .png, .html) gives the format unless --format is given.
    /// - writes to stdout (with --format).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// Output format (default: from the output file's extension).
    #[arg(long, short = 'f', value_enum)]
    format: Option<RenderFormat>,
    /// Graphviz layout engine.
    #[arg(long, value_enum, default_value_t = EngineArg::Auto)]
    engine: EngineArg,
    /// Edge shape.
    #[arg(long, value_enum, default_value_t = SplinesArg::Auto)]
    splines: SplinesArg,
    /// Title of the HTML page (default: the names of the graph's inputs).
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    #[command(flatten)]
    filter: FilterArgs,
    /// Draw the entities a link filter (--min-count, --top-edges, --top-per-node) leaves
    /// without links too; by default they are not drawn, as --drop-isolated would.
    #[arg(long)]
    keep_isolated: bool,
    /// Print nothing on success.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// Above this many entities, drawing a whole graph is slow and its picture too dense to read:
/// said before Graphviz starts, with the option that draws less.
const DENSE: usize = 500;

/// What `render` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum RenderFormat {
    /// A vector drawing (Graphviz SVG).
    Svg,
    /// A bitmap drawing (Graphviz PNG).
    Png,
    /// A self-contained page to explore the graph in a browser (SVG drawing + script).
    Html,
}

/// Graphviz layout engines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EngineArg {
    /// neato up to 100 nodes, sfdp above.
    Auto,
    /// Layered (hierarchical) layout.
    Dot,
    /// Spring model; good for small networks.
    Neato,
    /// Multiscale force-directed; for large networks.
    Sfdp,
    /// Force-directed.
    Fdp,
    /// Circular layout.
    Circo,
}

/// Edge shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SplinesArg {
    /// Curved up to 100 nodes, straight above (curves get very slow on large graphs).
    Auto,
    /// Curved edges routed around nodes.
    Curved,
    /// Straight lines.
    Straight,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut filter = args.filter.filter()?;
    let to_stdout = args.output.as_os_str() == "-";
    let named = (!to_stdout).then(|| format_of(&args.output));
    let format = match (args.format, named) {
        (Some(f), None | Some(Err(_))) => f,
        (Some(f), Some(Ok(n))) if f == n => f,
        (Some(f), Some(Ok(_))) => {
            return Err(Usage(format!(
                "{}: its extension names another format than --format {}",
                args.output.display(),
                f.to_possible_value()
                    .map_or_else(String::new, |v| v.get_name().to_string())
            ))
            .into());
        }
        (None, None) => {
            return Err(Usage("writing to stdout needs --format svg|png|html".into()).into());
        }
        (None, Some(n)) => n.map_err(Usage)?,
    };
    // A directory stands for its graph.json: both are what the run reads.
    refuse_output_as_input(
        graph_files(&args.graph).iter().map(PathBuf::as_path),
        (!to_stdout).then_some(args.output.as_path()),
        Reads::Graph,
    )?;
    if !to_stdout {
        check_output_file(&args.output)?;
        refuse_replacing_graph(&args.output, "a picture")?;
    }
    let mut file = read_graph(&args.graph)?;
    super::filter::check_against(&mut filter, &file.graph)?;
    filter.apply_in_place(&mut file.graph);
    // A link filter leaves most entities of a large graph without links: dots that say
    // nothing, by the thousand, which slowed Graphviz down to minutes (a BBC graph's
    // --top-edges 200 kept all its 4,494 entities).
    let link_filter = args.filter.min_count.is_some()
        || args.filter.top_edges.is_some()
        || args.filter.top_per_node.is_some();
    if link_filter && !args.keep_isolated && !filter.drop_isolated {
        let before = file.graph.graph.node_count();
        let isolated = Filter {
            drop_isolated: true,
            ..Filter::default()
        };
        isolated.apply_in_place(&mut file.graph);
        let left = before - file.graph.graph.node_count();
        if left > 0 && !args.quiet {
            message!(
                "entigraph: note: {} the link filter leaves without links not drawn \
                 (--keep-isolated draws them)",
                Count(left as u64, "entity", "entities")
            );
        }
    }
    let nodes = file.graph.graph.node_count();
    if nodes == 0 {
        message!("entigraph: warning: nothing to draw: the graph, as filtered, holds no entity");
    }
    if nodes > DENSE && !args.quiet {
        message!(
            "entigraph: note: drawing {} and {}: Graphviz may take minutes, and the picture is \
             too dense to read; --top-edges 200 draws the strongest links and their entities",
            Count(nodes as u64, "entity", "entities"),
            Count(file.graph.graph.edge_count() as u64, "link", "links")
        );
    }
    let engine = match args.engine {
        EngineArg::Auto => Engine::auto(nodes),
        EngineArg::Dot => Engine::Dot,
        EngineArg::Neato => Engine::Neato,
        EngineArg::Sfdp => Engine::Sfdp,
        EngineArg::Fdp => Engine::Fdp,
        EngineArg::Circo => Engine::Circo,
    };
    let opts = DotOptions {
        engine: Some(engine),
        splines: match args.splines {
            SplinesArg::Auto => None,
            SplinesArg::Curved => Some(true),
            SplinesArg::Straight => Some(false),
        },
        element_ids: true,
    };
    let mut dot_text = Vec::new();
    dot::write_with(&file.graph, &opts, &mut dot_text).context("writing DOT")?;
    let graphviz_format = if format == RenderFormat::Png {
        "png"
    } else {
        "svg"
    };
    let drawing = graphviz(&dot_text, engine, graphviz_format)?;

    let bytes = match format {
        RenderFormat::Svg | RenderFormat::Png => drawing,
        RenderFormat::Html => {
            let svg = String::from_utf8(drawing).context("Graphviz wrote SVG that is not UTF-8")?;
            check_svg(&svg)?;
            let title = args.title.unwrap_or_else(|| default_title(&file));
            let mut page = Vec::new();
            html::write(&file, &svg, &title, &mut page).context("writing the HTML page")?;
            page
        }
    };

    if to_stdout {
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)
            .and_then(|()| out.flush())
            .context("writing to stdout")?;
    } else {
        write_atomic(&args.output, |w| w.write_all(&bytes))?;
        if !args.quiet {
            writeln!(
                std::io::stdout(),
                "wrote {} ({}, {}, {})",
                args.output.display(),
                Count(nodes as u64, "node", "nodes"),
                Count(file.graph.graph.edge_count() as u64, "link", "links"),
                engine.as_str()
            )
            .context("writing to stdout")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The format an output file's extension names.
fn format_of(path: &Path) -> Result<RenderFormat, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("svg") => Ok(RenderFormat::Svg),
        Some("png") => Ok(RenderFormat::Png),
        Some("html" | "htm") => Ok(RenderFormat::Html),
        _ => Err(format!(
            "cannot tell the format of {} from its extension; name it .svg, .png or .html, or \
             give --format svg|png|html",
            path.display()
        )),
    }
}

fn default_title(file: &GraphFile) -> String {
    // File names, not whole paths: the title is shown in a narrow bar.
    let names: Vec<&str> = file
        .manifest
        .inputs
        .iter()
        .map(|i| {
            Path::new(&i.name)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(&i.name)
        })
        .collect();
    match names.len() {
        0 => "entigraph graph".to_string(),
        1..=3 => names.join(", "),
        n => format!("{}, {} and {} more", names[0], names[1], n - 2),
    }
}

/// The Graphviz process running now, if any, for [`kill_graphviz`]: a SIGTERM sent to
/// entigraph alone (`kill PID`, `timeout`, a job scheduler) does not reach it, and it went on
/// laying out a large graph for minutes after entigraph was gone. (Ctrl-C on a terminal reaches
/// the whole process group.)
static GRAPHVIZ: Mutex<Option<Child>> = Mutex::new(None);

fn graphviz_slot() -> MutexGuard<'static, Option<Child>> {
    // (A panic while holding the lock leaves the slot as good as before.)
    GRAPHVIZ.lock().unwrap_or_else(|e| e.into_inner())
}

/// Kills the Graphviz process running now, if any, and waits for it to end, for a run
/// interrupted by a signal (`entigraph` calls it on SIGINT and SIGTERM, then exits). Keep the
/// value until the process exits: while it lives, no Graphviz process is started, and the
/// render that ran one waits rather than report its end as a failure.
#[cfg_attr(not(unix), allow(dead_code))]
pub(crate) fn kill_graphviz() -> MutexGuard<'static, Option<Child>> {
    let mut slot = graphviz_slot();
    if let Some(child) = slot.as_mut() {
        let _ = child.kill();
        let _ = child.wait();
    }
    slot
}

/// Runs Graphviz on `dot_text` and returns what it printed.
fn graphviz(dot_text: &[u8], engine: Engine, format: &str) -> anyhow::Result<Vec<u8>> {
    // Started and listed under the lock: an interruption kills it, or comes before it starts.
    let mut slot = graphviz_slot();
    let mut child = match Command::new("dot")
        .arg(format!("-K{}", engine.as_str()))
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "Graphviz is not installed: the `dot` program was not found on PATH. Install it \
             (Debian/Ubuntu: `apt-get install graphviz`; macOS: `brew install graphviz`; others: \
             https://graphviz.org/download/) and run again. Without it, `entigraph build` still \
             writes graph.dot for drawing elsewhere"
        ),
        Err(e) => return Err(e).context("starting Graphviz (`dot`)"),
    };
    let pipes = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    *slot = Some(child);
    drop(slot);
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) = pipes else {
        // (Not met: all three are piped above.)
        let _ = kill_graphviz().take();
        bail!("Graphviz's standard input and output could not be opened");
    };
    // Feed stdin from a thread, and read stderr on another: Graphviz may fill one pipe before
    // it has read all its input or another pipe is read.
    let (drawing, errors, fed) = std::thread::scope(|s| {
        let feeder = s.spawn(move || {
            let r = stdin.write_all(dot_text);
            drop(stdin);
            r
        });
        let errors = s.spawn(move || {
            let mut bytes = Vec::new();
            stderr.read_to_end(&mut bytes).map(|_| bytes)
        });
        let mut drawing = Vec::new();
        let drawing = stdout.read_to_end(&mut drawing).map(|_| drawing);
        (drawing, errors.join(), feeder.join())
    });
    // Its output closed, Graphviz has ended. (Once a signal has killed it, the lock is held
    // until the process exits: the run stops here.)
    let status = match graphviz_slot().take() {
        Some(mut child) => child.wait(),
        None => bail!("Graphviz (`dot`) was stopped"),
    };
    let status = status.context("running Graphviz (`dot`)")?;
    let drawing = drawing.context("reading Graphviz's output")?;
    let errors = match errors {
        Ok(read) => read.context("reading Graphviz's messages")?,
        Err(_) => bail!("reading Graphviz's messages failed"),
    };
    let stderr = String::from_utf8_lossy(&errors);
    if !status.success() {
        bail!(
            "Graphviz (`dot -K{} -T{format}`) failed ({}): {}",
            engine.as_str(),
            status,
            stderr.trim()
        );
    }
    match fed {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(e).context("writing DOT to Graphviz"),
        Err(_) => bail!("writing DOT to Graphviz failed"),
    }
    for line in stderr.lines().filter(|l| !l.trim().is_empty()) {
        message!("entigraph: graphviz: {line}");
    }
    if drawing.is_empty() {
        bail!(
            "Graphviz (`dot -K{} -T{format}`) wrote nothing",
            engine.as_str()
        );
    }
    Ok(drawing)
}

/// Graphviz escapes all text it puts in SVG; refuse to embed a drawing that has markup a page
/// would run anyway, in case some Graphviz version gets that wrong.
fn check_svg(svg: &str) -> anyhow::Result<()> {
    let lower = svg.to_ascii_lowercase();
    if html::svg_element(svg).is_none() {
        bail!("Graphviz's SVG output has no <svg> element");
    }
    for bad in ["<script", "<foreignobject", "<iframe"] {
        if lower.contains(bad) {
            bail!("Graphviz's SVG output contains {bad:?}; refusing to embed it in a page");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        let rows = [
            ("a.svg", Some(RenderFormat::Svg)),
            ("dir/b.PNG", Some(RenderFormat::Png)),
            ("c.html", Some(RenderFormat::Html)),
            ("c.htm", Some(RenderFormat::Html)),
            ("d.pdf", None),
            ("noext", None),
        ];
        for (path, want) in rows {
            assert_eq!(format_of(Path::new(path)).ok(), want, "{path}");
        }
    }

    #[test]
    fn graphviz_errors_carry_its_stderr() {
        let have_dot = Command::new("dot")
            .arg("-V")
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !have_dot {
            if std::env::var("ENTIGRAPH_REQUIRE_TOOLS").as_deref() == Ok("1") {
                panic!("Graphviz is required (ENTIGRAPH_REQUIRE_TOOLS=1) but `dot` was not found");
            }
            eprintln!("note: skipping, Graphviz is not installed (see .ci/setup-render.sh)");
            return;
        }
        let err = graphviz(b"graph { a -- ; }", Engine::Neato, "svg").unwrap_err();
        let msg = format!("{err:#}");
        assert!(msg.contains("dot -Kneato -Tsvg"), "{msg}");
        assert!(msg.contains("syntax error"), "{msg}");
        let svg = graphviz(b"graph { a -- b }", Engine::Circo, "svg").unwrap();
        assert!(String::from_utf8(svg).unwrap().contains("<svg"));
    }

    #[test]
    fn svg_with_script_is_refused() {
        assert!(check_svg("<svg><g/></svg>").is_ok());
        assert!(check_svg("<svg><SCRIPT>x</SCRIPT></svg>").is_err());
        assert!(check_svg("no drawing").is_err());
    }
}
