//! A backpack: how much lumbar load it adds, against Goh et al. 1998's measurement.
//!
//! `cargo run --release --example backpack`

use lumbus::core::{Scene, run};

fn main() {
    let base = Scene::default();
    println!(
        "A {:.0} kg adult walking at {:.2} m/s with a backpack carried high on the back.\n",
        base.subject.mass_kg,
        base.gait.speed_mps()
    );
    println!(
        "Goh et al. 1998 measured the L5–S1 peak force rising by +26.7 % with a pack of 15 % of body weight\n\
         and +64 % with 30 % (10 men). The model keeps the gait unchanged under the pack: the forward\n\
         lean people adopt under heavy packs is part of what Goh measured and is not in the model.\n"
    );
    println!(
        "{:>9} {:>8} {:>14} {:>10} {:>13} {:>10}",
        "pack % BW", "kg", "L5–S1 peak BW", "change", "L5–S1 N·s/m", "change"
    );
    let mut first: Option<(f64, f64)> = None;
    for pct in [0.0, 5.0, 10.0, 15.0, 20.0, 30.0] {
        let mut s = base.clone();
        s.load.backpack_kg = pct / 100.0 * s.subject.mass_kg;
        let out = run(&s).expect("a valid scene runs");
        let peak = out.summary.level("L5_S1").compression_peak_bw;
        let per_m = out.summary.compression_impulse_per_m.as_ref().expect("walking")["L5_S1"];
        let (p0, m0) = *first.get_or_insert((peak, per_m));
        let goh = match pct as u32 {
            15 => "   (Goh: +26.7 %)",
            30 => "   (Goh: +64 %)",
            _ => "",
        };
        println!(
            "{:>9.0} {:>8.1} {:>14.2} {:>9.1}% {:>13.0} {:>9.1}%{goh}",
            pct,
            s.load.backpack_kg,
            peak,
            100.0 * (peak / p0 - 1.0),
            per_m,
            100.0 * (per_m / m0 - 1.0)
        );
    }
    println!(
        "\nLightening the pack reverses these changes. Where the pack sits is an assumption (model/mod.rs)."
    );
}
