//! Progress: a bar on a terminal (indicatif), plain periodic lines otherwise (logs, CI, Slurm).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How progress is shown (on standard error).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProgressMode {
    /// A bar when standard error is a terminal, log lines when it is not.
    #[default]
    Auto,
    Bar,
    Log,
    Quiet,
}

/// Log lines this often.
const LOG_EVERY: Duration = Duration::from_secs(10);

pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    log: bool,
    total: u64,
    done: u64,
    failed: u64,
    ran: u64,
    started: Instant,
    last_log: Instant,
}

impl Progress {
    /// `total` configurations in this run's part, `done` of them already finished.
    pub fn new(mode: ProgressMode, total: u64, done: u64) -> Progress {
        let mode = match mode {
            ProgressMode::Auto if std::io::stderr().is_terminal() => ProgressMode::Bar,
            ProgressMode::Auto => ProgressMode::Log,
            m => m,
        };
        let bar = (mode == ProgressMode::Bar).then(|| {
            let b = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template(
                    "{elapsed_precise} [{wide_bar}] {pos}/{len} configurations  {rate}  ETA {eta}  {msg}",
                )
                .expect("a valid template")
                .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.1}/s", s.per_sec());
                })
                .progress_chars("=> "),
            );
            b.set_position(done);
            // Rate and ETA from this run's progress, not counting what a resume skipped.
            b.reset_eta();
            b
        });
        let now = Instant::now();
        Progress {
            bar,
            log: mode == ProgressMode::Log,
            total,
            done,
            failed: 0,
            ran: 0,
            started: now,
            last_log: now,
        }
    }

    pub fn finished_one(&mut self, ok: bool) {
        self.done += 1;
        self.ran += 1;
        if !ok {
            self.failed += 1;
        }
        if let Some(b) = &self.bar {
            b.inc(1);
            if !ok {
                b.set_message(format!("{} failed", self.failed));
            }
        }
        if self.log && self.last_log.elapsed() >= LOG_EVERY {
            self.last_log = Instant::now();
            self.log_line();
        }
    }

    fn log_line(&self) {
        let secs = self.started.elapsed().as_secs_f64();
        let rate = self.ran as f64 / secs.max(1e-9);
        let left = (self.total - self.done) as f64 / rate.max(1e-9);
        eprintln!(
            "lumbus sweep: {}/{} configurations ({:.0} %), {} failed, {:.1}/s, about {:.0} s left",
            self.done,
            self.total,
            100.0 * self.done as f64 / self.total.max(1) as f64,
            self.failed,
            rate,
            left
        );
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish();
        }
        if self.log && self.ran > 0 {
            self.log_line();
        }
    }
}
