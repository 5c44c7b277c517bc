//! The recorded gait2392 trial (1500 frames at 1 kHz, 0.5–2.0 s) through the whole pipeline on
//! one thread: per frame, the recorded model's forward kinematics and inverse dynamics, the
//! pose of Lumbus's model, muscle sharing, joint reactions and the facet split. Reading and
//! parsing the files is excluded (done once). Issue 3's scale: OpenSim 4.6 static optimisation
//! takes about 0.1 s per frame on this trial; the target is at least 1000× faster (≤ 0.1 ms).
//! Time per frame = reported time / 1500.

#[path = "../tests/common.rs"]
mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use lumbus::core::recorded::{run_recorded, subject_scene};
use lumbus::core::{Engine, Scene};
use std::hint::black_box;

fn recorded(c: &mut Criterion) {
    let trial = common::gait2392_trial();
    let scene = subject_scene(&trial.multibody, &Scene::default()).unwrap();
    let engine = Engine::new(&scene).unwrap();
    let frames = trial.frames();
    assert_eq!(trial.times.len(), 1500);
    let mut group = c.benchmark_group("recorded");
    group.sample_size(10);
    group.bench_function("gait2392_1500_frames", |b| {
        b.iter(|| black_box(run_recorded(&engine, black_box(&frames)).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, recorded);
criterion_main!(benches);
