//! Where the lumbar AP shear comes from: at each level's AP-shear peak, the shear (disc frame, +X =
//! the upper body pushed forward) split into the net joint force of the top-down wrench (gravity
//! and inertia of everything above) and each trunk muscle family's pull on the upper body.
//!
//! Then each level's AP peak in five frames: the disc's mid-plane (what `lumbus run` reports),
//! the upper and the lower vertebra's own (their axes along the line joining their joint
//! centres), the pelvis's and the world's. Published models differ in the frame they report
//! shear in, and on a disc inclined 16° over a quarter of a vertical load becomes shear.
//!
//! `cargo run --release --example shear_decomposition -- [scene.toml]` (default: normal walking)

use lumbus::core::dynamics::CUT_LEVEL;
use lumbus::core::model::{PELVIS, VERTEBRA};
use lumbus::core::{Engine, LEVEL_NAMES, Scene};

/// Family of a trunk muscle from its name (erector spinae split into longissimus and iliocostalis).
fn family(name: &str) -> &'static str {
    for f in ["multifidus", "longissimus", "iliocostalis", "quadratus", "psoas", "rectus", "oblique"] {
        if name.contains(f) {
            return f;
        }
    }
    "other"
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "scenes/normal_walking.toml".into());
    let scene: Scene = lumbus::io::load_scene(std::path::Path::new(&path)).expect("scene loads");
    let engine = Engine::new(&scene).expect("valid scene");
    let out = engine.run().expect("runs");
    let bw = engine.model.body_weight;
    let families =
        ["multifidus", "longissimus", "iliocostalis", "quadratus", "psoas", "rectus", "oblique", "other"];
    println!("{path}: AP shear at each level's |AP| peak, BW (+ = upper body pushed forward)");
    print!("{:>6} {:>6} {:>7} {:>7} {:>6}", "level", "cycle%", "disc°", "total", "net");
    for f in families {
        print!(" {:>12}", f);
    }
    println!();
    for k in 0..5 {
        let (i, fr) = out
            .frames
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.levels[k].ap_shear_n.abs().total_cmp(&b.1.levels[k].ap_shear_n.abs()))
            .expect("frames");
        let times = engine.times();
        let pose = engine.pose(times[i]);
        let jac = engine.muscle_jacobian(&pose);
        let r = pose.disc_rot[k];
        let j = CUT_LEVEL[k];
        let net = nalgebra::Vector3::from(fr.levels[k].net_force_n);
        // ap = x of R^T (muscle pull on the upper body − net force).
        let net_ap = -(r.transpose() * net).x / bw;
        let mut fam = vec![0.0; families.len()];
        let mut detail = Vec::new();
        for (m, mu) in engine.model.muscles.iter().enumerate() {
            let f = jac.force[m][j] * fr.muscle_force_n[m];
            if fr.muscle_force_n[m] > 1.0 && jac.force[m][j].norm() > 0.0 {
                // Force, and the AP shear per unit tension (the line's inclination to the disc).
                let per_n = (r.transpose() * jac.force[m][j]).x;
                detail.push(format!("{}: {:.0} N, {:+.2}/N", mu.name, fr.muscle_force_n[m], per_n));
            }
            let idx = families.iter().position(|x| *x == family(&mu.name)).unwrap_or(families.len() - 1);
            fam[idx] += (r.transpose() * f).x / bw;
        }
        // Disc inclination: angle of the disc's Y (normal) from vertical, + when tilted forward.
        let tilt = r.column(1).x.atan2(r.column(1).y).to_degrees();
        print!(
            "{:>6} {:>6.0} {:>7.1} {:>7.3} {:>6.3}",
            LEVEL_NAMES[k],
            fr.cycle_pct,
            tilt,
            fr.levels[k].ap_shear_n / bw,
            net_ap
        );
        for v in fam {
            print!(" {:>12.3}", v);
        }
        println!();
        if std::env::var_os("DETAIL").is_some() {
            println!("        {}", detail.join("; "));
        }
    }
    println!("\nAP peak per level, BW, in five frames (+ = the body above pushed forward):");
    println!("{:>6} {:>8} {:>8} {:>8} {:>8} {:>8}", "level", "disc", "upper", "lower", "pelvis", "world");
    let times = engine.times();
    let poses: Vec<_> = times.iter().map(|&t| engine.pose(t)).collect();
    for (k, name) in LEVEL_NAMES.iter().enumerate() {
        // Level k joins L(k+1) above to L(k+2) below (the sacrum, with the pelvis, under L5).
        let upper = VERTEBRA[4 - k];
        let lower = if k == 4 { PELVIS } else { VERTEBRA[3 - k] };
        let mut peak = [0.0f64; 5];
        for (fr, pose) in out.frames.iter().zip(&poses) {
            let l = &fr.levels[k];
            let world =
                pose.disc_rot[k] * nalgebra::Vector3::new(l.ap_shear_n, -l.compression_n, l.ml_shear_n);
            let in_frame = |segment: usize| (pose.rot[segment].transpose() * world).x;
            let ap = [l.ap_shear_n, in_frame(upper), in_frame(lower), in_frame(PELVIS), world.x];
            for (p, v) in peak.iter_mut().zip(ap) {
                if v.abs() > p.abs() {
                    *p = v;
                }
            }
        }
        let p: Vec<String> = peak.iter().map(|v| format!("{:>+8.3}", v / bw)).collect();
        println!("{:>6} {}", name, p.join(" "));
    }
}
