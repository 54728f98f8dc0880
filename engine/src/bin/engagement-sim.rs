//! `engagement-sim`: the engine on the command line (plan-format "The
//! command line"). Bad input exits 1 with the errors on stderr and nothing
//! on stdout; command-line misuse exits 2.

use engine::model::Plan;
use engine::{explain, output, plan};
use std::io::{self, Write};
use std::process::ExitCode;

const USAGE: &str = "\
engagement-sim: simulate engagement programs (drip nurture) from a plan file

Usage:
  engagement-sim simulate PLAN.json             send log CSV on stdout
  engagement-sim simulate PLAN.json --summary   per-cast aggregate CSV (at,program,stream,content,outcome,count)
  engagement-sim simulate PLAN.json --state     final memberships as JSON
  engagement-sim simulate PLAN.json --scores    engagement score per content item (R-SC-1)
  engagement-sim explain PLAN.json PERSON       one person's timeline with the reason for every row
  engagement-sim check PLAN.json                validate only: silent and exit 0 when valid
  engagement-sim diff A.plan.json B.plan.json   what-if comparison CSV (section,program,stream,item,a,b)
  engagement-sim generate --people N [--seed S] the benchmark workload plan (JSON on stdout)
  engagement-sim generate --sample              the app's built-in sample workspace (public/sample.plan.json)
  engagement-sim --help | --version

Exit status: 0 success; 1 the plan is invalid or a file cannot be read
(errors on stderr, one per line, each with its JSON path); 2 command-line misuse.
The plan format is documented in the project's README (\"Plan format\").
";

enum Failure {
    /// Bad input: exit 1.
    Input(Vec<String>),
    /// Misuse: exit 2.
    Usage(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(lines)) => {
            let mut err = io::stderr().lock();
            for l in lines {
                let _ = writeln!(err, "{l}");
            }
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            let _ = writeln!(io::stderr(), "engagement-sim: {msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn load(path: &str) -> Result<Plan, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| Failure::Input(vec![format!("{path}: cannot read: {e}")]))?;
    if meta.len() > plan::MAX_PLAN_BYTES as u64 {
        return Err(Failure::Input(vec![format!(
            "{path}: the file is {} bytes; plans larger than {} bytes are refused",
            meta.len(),
            plan::MAX_PLAN_BYTES
        )]));
    }
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Input(vec![format!("{path}: cannot read: {e}")]))?;
    plan::load_plan(&text).map_err(|errs| Failure::Input(errs.iter().map(|e| e.to_string()).collect()))
}

fn input(e: String) -> Failure {
    Failure::Input(e.lines().map(str::to_owned).collect())
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Input(vec![format!("cannot write to standard output: {e}")]))
}

fn run(args: &[String]) -> Result<(), Failure> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] => Err(Failure::Usage("no command given".into())),
        ["--help" | "-h" | "help", ..] => {
            print!("{USAGE}");
            Ok(())
        }
        ["--version" | "-V"] => {
            println!("engagement-sim {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        ["check", path] => load(path).map(|_| ()),
        ["simulate", rest @ ..] => {
            let (paths, flags): (Vec<&str>, Vec<&str>) = rest.iter().partition(|a| !a.starts_with("--"));
            let [path] = paths.as_slice() else {
                return Err(Failure::Usage("simulate takes exactly one PLAN file".into()));
            };
            if let Some(bad) = flags.iter().find(|f| !matches!(**f, "--summary" | "--state" | "--scores")) {
                return Err(Failure::Usage(format!("unknown option {bad} for simulate")));
            }
            if flags.len() > 1 {
                return Err(Failure::Usage("choose one of --summary, --state, --scores".into()));
            }
            // The process ends right after: freeing a large plan's millions
            // of allocations one by one would only delay the exit.
            let plan = &*Box::leak(Box::new(load(path)?));
            match flags.first().copied() {
                // Both stream their output; every input error is found while
                // compiling, before the first byte is written.
                None => output::write_send_log(plan, io::BufWriter::new(io::stdout().lock()))
                    .map(drop)
                    .map_err(input),
                Some("--summary") => output::write_summary(plan, io::BufWriter::new(io::stdout().lock()))
                    .map(drop)
                    .map_err(input),
                Some("--state") => write_stdout(&output::state(plan).map_err(input)?),
                Some(_) => write_stdout(&output::scores(plan).map_err(input)?),
            }
        }
        ["explain", path, person] => {
            let plan = load(path)?;
            if !plan.people.iter().any(|p| p.id.as_str() == *person) {
                return Err(Failure::Input(vec![format!("unknown person {person:?}: no such id in people")]));
            }
            write_stdout(&explain::explain_csv(&plan, person).map_err(input)?)
        }
        ["diff", a, b] => {
            let (a, b) = (load(a)?, load(b)?);
            let d = engine::diff::diff(&a, &b).map_err(input)?;
            write_stdout(&engine::diff::diff_csv(&d))
        }
        ["generate", "--sample"] => write_stdout(&(plan::save_plan(&engine::generate::sample_plan()) + "\n")),
        ["generate", rest @ ..] => {
            let mut people: Option<usize> = None;
            let mut seed = 0u64;
            let mut it = rest.iter();
            while let Some(flag) = it.next() {
                let value = it.next().ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))?;
                match *flag {
                    "--people" => {
                        people = Some(value.parse().map_err(|_| Failure::Usage(format!("--people takes a whole number, not {value:?}")))?)
                    }
                    "--seed" => seed = value.parse().map_err(|_| Failure::Usage(format!("--seed takes a whole number, not {value:?}")))?,
                    _ => return Err(Failure::Usage(format!("unknown option {flag} for generate"))),
                }
            }
            let people = people.ok_or_else(|| Failure::Usage("generate needs --people N".into()))?;
            let plan = engine::generate::benchmark_plan(people, seed);
            write_stdout(&(plan::save_plan(&plan) + "\n"))
        }
        ["check" | "explain" | "diff", ..] => Err(Failure::Usage(format!("wrong arguments for {}", words[0]))),
        [cmd, ..] => Err(Failure::Usage(format!("unknown command {cmd:?}"))),
    }
}
