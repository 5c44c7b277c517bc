//! `lumbus plot heatmap|series`.

use lumbus_batch::plot::{HeatmapOptions, Reduce, SeriesOptions, heatmap, series};
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum PlotCommand {
    /// Heatmap of a summary column over two swept parameters.
    Heatmap {
        /// A sweep's output folder.
        dir: PathBuf,
        /// The summary column to show (any numeric column of results.csv).
        #[arg(long, default_value = "L4_L5_compression_peak_bw")]
        column: String,
        /// Swept parameter across (default: the first axis).
        #[arg(long)]
        x: Option<String>,
        /// Swept parameter up (default: the next axis).
        #[arg(long)]
        y: Option<String>,
        /// Hold another swept parameter at a value, e.g. strength.gluteus_medius=0.4 (repeatable).
        #[arg(long, value_name = "PARAM=VALUE", value_parser = parse_at)]
        at: Vec<(String, String)>,
        /// How the other parameters' configurations in a cell are combined: max, min or mean.
        #[arg(long, default_value = "max")]
        reduce: Reduce,
        /// Output file, .png or .svg (default DIR/heatmap_COLUMN.png).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Per-level series over the gait cycle for chosen configurations (their frames files, from
    /// `lumbus sweep --frames ID,ID`).
    Series {
        /// A sweep's output folder.
        dir: PathBuf,
        /// Configuration ids, e.g. 0,314.
        #[arg(long, value_delimiter = ',', required = true)]
        ids: Vec<u64>,
        /// The per-level quantity: compression_bw, compression_n, ap_shear_n, facet_right_n, …
        #[arg(long, default_value = "compression_bw")]
        quantity: String,
        /// Output file, .png or .svg (default DIR/series_QUANTITY_IDS.png).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn parse_at(s: &str) -> Result<(String, String), String> {
    let (p, v) = s.split_once('=').ok_or_else(|| format!("`{s}`: expected PARAM=VALUE"))?;
    Ok((p.trim().to_string(), v.trim().to_string()))
}

pub fn plot(cmd: &PlotCommand) -> Result<(), String> {
    let written = match cmd {
        PlotCommand::Heatmap { dir, column, x, y, at, reduce, output } => heatmap(&HeatmapOptions {
            dir: dir.clone(),
            column: column.clone(),
            x: x.clone(),
            y: y.clone(),
            at: at.clone(),
            reduce: *reduce,
            output: output.clone(),
        }),
        PlotCommand::Series { dir, ids, quantity, output } => series(&SeriesOptions {
            dir: dir.clone(),
            ids: ids.clone(),
            quantity: quantity.clone(),
            output: output.clone(),
        }),
    }
    .map_err(|e| e.to_string())?;
    say!("Wrote {}", written.display());
    Ok(())
}
