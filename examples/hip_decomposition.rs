//! Where the hip contact force comes from: at each of the right hip's two maxima in stance (the
//! largest contact in each half of its foot's stance), the contact split into the net joint
//! force (gravity and inertia of everything above the hip, and the ground) and each muscle
//! group's pull, each projected on the contact's direction, with the hip's net moments that
//! the muscles balance.
//!
//! And how low any muscle sharing could bring it: at every frame, the least contact over all
//! activations within the muscles' limits that balance the same moments
//! (`lumbus_batch::hip_floor`: the static optimisation's constraints, the contact's magnitude
//! minimised instead of Σa²). What stays above that floor is the sharing's; the floor itself is
//! set by the gait's net moments and the muscles' lines.
//!
//! `cargo run --release --example hip_decomposition -- [scene.toml]` (default: normal walking;
//! `DETAIL=1` lists every muscle pulling at the maximum).

use lumbus::core::dynamics::CUT_HIP;
use lumbus::core::model::{MuscleGroup, RIGHT};
use lumbus::core::{Engine, Frame, Scene};
use lumbus_batch::hip_floor::least_hip_contacts_bw;
use nalgebra::Vector3;

const GROUPS: [MuscleGroup; 7] = [
    MuscleGroup::GluteusMedius,
    MuscleGroup::GluteusMinimus,
    MuscleGroup::GluteusMaximus,
    MuscleGroup::Hamstrings,
    MuscleGroup::HipFlexors,
    MuscleGroup::Psoas,
    MuscleGroup::OtherHip,
];

fn contact(f: &Frame) -> f64 {
    Vector3::from(f.hip_contact_n[0]).norm()
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "scenes/normal_walking.toml".into());
    let scene: Scene = lumbus::io::load_scene(std::path::Path::new(&path)).expect("scene loads");
    let engine = Engine::new(&scene).expect("valid scene");
    let out = engine.run().expect("runs");
    let (bw, kg) = (engine.model.body_weight, engine.model.mass);
    let frames = &out.frames;
    let least = least_hip_contacts_bw(&engine, RIGHT).unwrap_or_else(|e| panic!("{e}"));
    // The largest contact in each half of the right stance (its foot loaded), as Bergmann's two
    // maxima are read.
    let stance: Vec<usize> = (0..frames.len()).filter(|&i| frames[i].grf_n[0][1] > 0.0).collect();
    let halves = stance.split_at(stance.len() / 2);
    let largest = |half: &[usize]| {
        *half.iter().max_by(|&&a, &&b| contact(&frames[a]).total_cmp(&contact(&frames[b]))).expect("a stance")
    };
    let maxima = [largest(halves.0), largest(halves.1)];

    println!("{path}: right hip contact at its maxima, BW, along the contact's direction");
    print!("{:>6} {:>7} {:>6} {:>6}", "cycle%", "contact", "least", "net");
    for g in GROUPS {
        print!(" {:>15}", g.name());
    }
    println!("   hip moment flex/abd/rot, N·m/kg");
    let j = CUT_HIP[0];
    for &i in &maxima {
        let fr = &frames[i];
        let pose = engine.pose(engine.times()[i]);
        let jac = engine.muscle_jacobian(&pose);
        let c = Vector3::from(fr.hip_contact_n[0]);
        let dir = c.normalize();
        // contact = net force − Σ muscle pulls on the leg (pipeline.rs), so each pull's share
        // of the contact is −pull·dir.
        let mut by_group = [0.0; GROUPS.len()];
        let mut detail = Vec::new();
        let mut muscles = Vector3::zeros();
        for (m, mu) in engine.model.muscles.iter().enumerate() {
            let pull = jac.force[m][j] * fr.muscle_force_n[m];
            muscles += pull;
            let share = -pull.dot(&dir) / bw;
            if let Some(k) = GROUPS.iter().position(|g| *g == mu.group) {
                by_group[k] += share;
            }
            if fr.muscle_force_n[m] > 1.0 && jac.force[m][j].norm() > 0.0 {
                detail.push((share, format!("{} {:.0} N ({:.2} BW)", mu.name, fr.muscle_force_n[m], share)));
            }
        }
        let net = (c + muscles).dot(&dir) / bw;
        let m = fr.hip_moment_nm[0];
        print!("{:>6.0} {:>7.2} {:>6.2} {:>6.2}", fr.cycle_pct, c.norm() / bw, least[i], net);
        for v in by_group {
            print!(" {:>15.2}", v);
        }
        // World axes: Z flexion (+) / extension, X abduction demand, Y rotation.
        println!("   {:+.2} / {:+.2} / {:+.2}", m[2] / kg, m[0] / kg, m[1] / kg);
        if std::env::var_os("DETAIL").is_some() {
            detail.sort_by(|a, b| b.0.total_cmp(&a.0));
            println!("        {}", detail.into_iter().map(|d| d.1).collect::<Vec<_>>().join("; "));
        }
    }
    let floor = stance.iter().map(|&i| least[i]).fold(0.0, f64::max);
    let peak = stance.iter().map(|&i| contact(&frames[i])).fold(0.0, f64::max) / bw;
    println!(
        "over the right stance, the contact's peak: {peak:.2} BW; the least any sharing could make it: {floor:.2} BW"
    );
}
