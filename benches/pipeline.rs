//! One gait cycle of 100 frames through the whole pipeline, on one thread: model and gait plan
//! built from the scene, then kinematics, inverse dynamics, muscle sharing, reactions and facets
//! at every frame (issue 2's target: 5 ms per cycle or less).

use criterion::{Criterion, criterion_group, criterion_main};
use lumbus::core::{Engine, Scene};
use std::hint::black_box;

fn cycle(c: &mut Criterion) {
    let scene = Scene::default();
    c.bench_function("pipeline/one_cycle_100_frames", |b| {
        b.iter(|| {
            let engine = Engine::new(black_box(&scene)).unwrap();
            black_box(engine.run().unwrap())
        })
    });
    let engine = Engine::new(&scene).unwrap();
    c.bench_function("pipeline/one_cycle_100_frames_model_prebuilt", |b| {
        b.iter(|| black_box(engine.run().unwrap()))
    });
    c.bench_function("pipeline/model_and_plan_only", |b| {
        b.iter(|| black_box(Engine::new(black_box(&scene)).unwrap()))
    });
}

criterion_group!(benches, cycle);
criterion_main!(benches);
