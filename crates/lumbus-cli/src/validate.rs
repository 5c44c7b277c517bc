//! `lumbus validate`: the engine on the shipped scenes against the published bands, as a table
//! on screen and `validation.md` / `validation.csv` in a folder.

use lumbus_batch::validation::{Status, checks, write_report};
use std::path::Path;

pub fn validate(out: &Path) -> Result<(), String> {
    let rows = checks().map_err(|e| e.to_string())?;
    let width = rows.iter().map(|r| r.quantity.chars().count()).max().unwrap_or(0);
    say!("Lumbus against published measurements (bands and sources: tests/ and ../shared/REFERENCES.md)\n");
    for r in &rows {
        say!("{:<16} {:<width$}  {}", r.status.label(), r.quantity, r.model);
        say!("{:<16} {:<width$}  band {} ({})", "", "", r.published, r.source);
    }
    let met = rows.iter().filter(|r| r.status != Status::NotMet).count();
    let calibrated = rows.iter().filter(|r| r.status == Status::Calibrated).count();
    say!(
        "\n{met} of {} met ({calibrated} of them calibrated: a constant fitted to that figure). Each row \
         names its test in the files; a test the model fails is kept with its band, marked ignored, \
         and says why.",
        rows.len()
    );
    let path = write_report(&rows, out).map_err(|e| e.to_string())?;
    say!("Wrote {} and validation.csv", path.display());
    Ok(())
}
