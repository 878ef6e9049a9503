//! `entigraph map`: text in, a partial graph out (to be combined with `merge`).

use std::path::PathBuf;
use std::process::ExitCode;

use super::build::{
    Checks, RepeatArgs, collect, partial_summary, refuse_repeated_inputs, write_partial,
    write_stdout,
};
use super::common::{CountArgs, InputArgs, check_output_file, exit_code};

/// Arguments of `map`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Split a corpus into shards, run `map` on each (on any machines), then \
                        `entigraph merge PART... -o DIR`. Give every shard the same gazetteer \
                        and options: merge refuses partials that differ. The graph equals one \
                        build of all shards; its manifest lists the inputs in merge order."
)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The partial graph to write (conventionally NAME.part), or - for stdout.
    #[arg(long, short = 'o', value_name = "PART")]
    output: PathBuf,
    #[command(flatten)]
    count: CountArgs,
    #[command(flatten)]
    repeats: RepeatArgs,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let no_dates = entigraph::filter::Filter::default();
    let outputs: Vec<PathBuf> = (args.output.as_os_str() != "-")
        .then(|| args.output.clone())
        .into_iter()
        .collect();
    if let Some(o) = outputs.first() {
        check_output_file(o)?;
    }
    args.repeats.check(&args.input, &outputs)?;
    let reader = args.repeats.reader(&args.input, &outputs);
    let (part, skipped) = collect(
        &args.input,
        reader,
        Checks {
            refuse_empty: false,
            base: &|_, _| Ok(()),
        },
        &args.count,
        None,
        &no_dates,
    )?;
    refuse_repeated_inputs(&part, &[], &args.repeats)?;
    if args.output.as_os_str() == "-" {
        write_stdout("the partial", |w| part.write(w))?;
    } else {
        write_partial(&part, &args.output)?;
        if !args.input.quiet {
            partial_summary(&part, &args.output)?;
        }
    }
    Ok(exit_code(skipped))
}
