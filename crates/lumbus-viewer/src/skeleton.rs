//! The skeleton on screen: simple meshes placed from the engine's pose each frame, discs and
//! facets painted by their current load, force arrows as gizmos.

use crate::live::Live;
use crate::sim::{Loads, SharedSim, Skeleton, compression_colour, facet_colour};
use bevy::prelude::*;
use lumbus_core::model::{FEMUR, FOOT, N_SEGMENTS, PELVIS, SHANK, THORAX, VERTEBRA};

/// What the whole viewer shows: the computed scene, the baseline, and the state of a recompute.
#[derive(Resource)]
pub struct Viewer {
    pub sim: SharedSim,
    pub baseline: Option<SharedSim>,
    pub pending: Option<crate::sim::Pending>,
    /// Set when the scene changed and the meshes must be rebuilt (geometry depends on the subject).
    pub rebuild: bool,
    pub error: Option<String>,
    /// Wall time from a slider change to the new results being shown, ms.
    pub last_latency_ms: Option<f64>,
}

/// Playback clock: `time` is simulated seconds since the start (cycles repeat, the walker moves on).
#[derive(Resource)]
pub struct Playback {
    pub time: f64,
    pub playing: bool,
    pub speed: f64,
}

impl Playback {
    /// Time within the cycle and the distance walked in the whole cycles before it.
    pub fn cycle_time(&self, sim: &crate::sim::Sim) -> (f64, f64) {
        if sim.period <= 0.0 {
            return (0.0, 0.0);
        }
        let cycles = (self.time / sim.period).floor();
        (self.time - cycles * sim.period, cycles * sim.stride)
    }
}

/// Pose and loads of this frame, shared by the meshes, the gizmos and the panels.
#[derive(Resource, Default)]
pub struct Current {
    pub skeleton: Skeleton,
    pub loads: Loads,
    /// Time within the cycle, s, and the distance walked in the cycles before, m.
    pub t: f64,
    pub walked: f64,
}

#[derive(Resource)]
pub struct ArrowToggles {
    pub grf: bool,
    pub hip: bool,
    pub levels: bool,
}

#[derive(Clone, Copy)]
enum Anchor {
    Segment(usize),
    Disc(usize),
}

/// Radius of the vertebral bodies' cylinders at trunk scale `ts` (assumption: 21 mm at 1.75 m);
/// the discs are 6 % wider, so their rims show.
pub fn vertebral_body_radius(ts: f32) -> f32 {
    0.021 * ts
}

/// Radius of the discs' cylinders.
pub fn disc_radius(ts: f32) -> f32 {
    vertebral_body_radius(ts) * 1.06
}

/// A mesh fixed in a segment's or a disc's frame.
#[derive(Component)]
struct Part {
    anchor: Anchor,
    local: Transform,
}

/// A mesh whose colour shows a load.
#[derive(Component, Clone, Copy)]
pub enum Painted {
    Disc(usize),
    /// Level and side (0 right, 1 left).
    Facet(usize, usize),
}

pub struct SkeletonPlugin {
    /// Shadows help a still picture; in the window they halve the software renderer's frame rate.
    pub shadows: bool,
}

#[derive(Resource)]
struct Shadows(bool);

impl Plugin for SkeletonPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Current>()
            .insert_resource(Shadows(self.shadows))
            .insert_resource(ArrowToggles { grf: true, hip: true, levels: false })
            .insert_gizmo_config(HipArrows, GizmoConfig { depth_bias: -1.0, ..default() })
            .add_systems(Startup, setup_world)
            .add_systems(
                Update,
                (rebuild_skeleton, update_current, (place_parts, paint_loads, draw_arrows)).chain(),
            );
    }
}

/// The hip contact arrows, drawn over the bones (depth bias −1): they start inside the femoral
/// head and run along the thigh, where the meshes would hide them.
#[derive(Default, Reflect, GizmoConfigGroup)]
struct HipArrows;

fn setup_world(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    shadows: Res<Shadows>,
) {
    commands.spawn((
        Mesh3d(meshes.add(Plane3d::default().mesh().size(200.0, 200.0))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::srgb(0.32, 0.34, 0.36),
            perceptual_roughness: 0.95,
            ..default()
        })),
    ));
    commands.spawn((
        DirectionalLight { illuminance: 9000.0, shadow_maps_enabled: shadows.0, ..default() },
        Transform::from_xyz(2.0, 4.0, 3.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    commands.insert_resource(GlobalAmbientLight { brightness: 600.0, ..default() });
    commands.insert_resource(ClearColor(Color::srgb(0.08, 0.09, 0.11)));
}

/// Spawns the meshes for the current scene (again after a recompute, as the geometry can change).
fn rebuild_skeleton(
    mut commands: Commands,
    mut viewer: ResMut<Viewer>,
    parts: Query<Entity, With<Part>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    if !viewer.rebuild {
        return;
    }
    viewer.rebuild = false;
    for e in &parts {
        commands.entity(e).despawn();
    }
    let sim = viewer.sim.clone();
    let model = &sim.engine.model;
    let ts = model.lengths.trunk_scale as f32;
    let bone = materials.add(StandardMaterial {
        base_color: Color::srgb(0.89, 0.85, 0.76),
        perceptual_roughness: 0.6,
        ..default()
    });
    let translucent = materials.add(StandardMaterial {
        base_color: Color::srgba(0.89, 0.85, 0.76, 0.25),
        alpha_mode: AlphaMode::Blend,
        ..default()
    });
    let mut spawn = |mesh: Mesh, material: Handle<StandardMaterial>, anchor: Anchor, local: Transform| {
        commands
            .spawn((
                Mesh3d(meshes.add(mesh)),
                MeshMaterial3d(material),
                Transform::default(),
                Part { anchor, local },
            ))
            .id()
    };
    let at = |x: f32, y: f32, z: f32| Transform::from_xyz(x, y, z);
    let r_body = vertebral_body_radius(ts);

    // Lumbar vertebrae, discs and facets, level k = L1–L2 … L5–S1; the vertebra above level k is VERTEBRA[4 - k].
    let mut painted = Vec::new();
    for (k, level) in model.levels.iter().enumerate() {
        let hb = level.upper_body_height as f32;
        let hd = level.disc_height as f32;
        let fp = level.facet_posterior as f32;
        let hw = level.facet_half_width as f32;
        let v = Anchor::Segment(VERTEBRA[4 - k]);
        spawn(Cylinder::new(r_body, hb * 0.96).into(), bone.clone(), v, Transform::IDENTITY);
        // Posterior arch and spinous process, and the transverse processes, so a vertebra reads as one.
        let arch_len = fp + 0.03 * ts - 0.6 * r_body;
        spawn(
            Cuboid::new(arch_len, 0.5 * hb, 0.012 * ts).into(),
            bone.clone(),
            v,
            at(-0.6 * r_body - arch_len / 2.0, 0.0, 0.0),
        );
        spawn(
            Cuboid::new(0.01 * ts, 0.25 * hb, 2.0 * hw + 0.05 * ts).into(),
            bone.clone(),
            v,
            at(-0.8 * fp, 0.0, 0.0),
        );
        let disc_mat = materials.add(StandardMaterial {
            base_color: Color::WHITE,
            perceptual_roughness: 0.5,
            ..default()
        });
        let e = spawn(
            Cylinder::new(disc_radius(ts), hd * 0.95).into(),
            disc_mat,
            Anchor::Disc(k),
            Transform::IDENTITY,
        );
        painted.push((e, Painted::Disc(k)));
        for side in 0..2 {
            let z = if side == 0 { hw } else { -hw };
            let m = materials.add(StandardMaterial { base_color: Color::WHITE, ..default() });
            let e = spawn(Sphere::new(0.0075 * ts).into(), m, Anchor::Disc(k), at(-fp, 0.0, z));
            painted.push((e, Painted::Facet(k, side)));
        }
    }

    // Pelvis: sacrum below S1, a bar between the hips, and the iliac wings kept lateral so the
    // lower discs stay in view.
    let hip = model.hip_in_pelvis;
    let s1 = model.s1_in_pelvis;
    let p = Anchor::Segment(PELVIS);
    let (h, s) = (
        |i: usize| Vec3::new(hip[i].x as f32, hip[i].y as f32, hip[i].z as f32),
        Vec3::new(s1.x as f32, s1.y as f32, s1.z as f32),
    );
    let mid = (h(0) + h(1)) / 2.0;
    let width = (h(0).z - h(1).z).abs();
    spawn(
        Cuboid::new(0.05 * ts, 0.11 * ts, 0.09 * ts).into(),
        bone.clone(),
        p,
        at(s.x - 0.01 * ts, s.y - 0.06 * ts, 0.0),
    );
    spawn(
        Cuboid::new(0.03 * ts, 0.03 * ts, width).into(),
        bone.clone(),
        p,
        Transform::from_translation(mid + Vec3::new(0.03 * ts, -0.02 * ts, 0.0)),
    );
    for i in 0..2 {
        let wing = h(i) + Vec3::new(-0.02 * ts, 0.06 * ts, 0.02 * ts * h(i).z.signum());
        spawn(
            Cuboid::new(0.1 * ts, 0.1 * ts, 0.015 * ts).into(),
            bone.clone(),
            p,
            Transform::from_translation(wing),
        );
    }

    // Thorax (with head and arms): thoracic spine, a see-through rib cage, a head.
    let t = Anchor::Segment(THORAX);
    spawn(Cylinder::new(0.016 * ts, 0.3 * ts).into(), bone.clone(), t, at(0.0, 0.15 * ts, 0.0));
    spawn(Capsule3d::new(0.1 * ts, 0.14 * ts).into(), translucent.clone(), t, at(0.05 * ts, 0.2 * ts, 0.0));
    spawn(Sphere::new(0.09 * ts).into(), translucent.clone(), t, at(0.03 * ts, 0.5 * ts, 0.0));
    if sim.scene.load.backpack_kg > 0.0 {
        let pack = materials.add(StandardMaterial {
            base_color: Color::srgba(0.45, 0.3, 0.15, 0.6),
            alpha_mode: AlphaMode::Blend,
            ..default()
        });
        spawn(Cuboid::new(0.12 * ts, 0.35 * ts, 0.28 * ts).into(), pack, t, at(-0.19 * ts, 0.22 * ts, 0.0));
    }

    // Legs: femoral head, thigh, shank, foot (segment frames have Y up the bone, X forward).
    let (thigh, shank) = (model.lengths.thigh as f32, model.lengths.shank as f32);
    let heel = model.foot.heel;
    let meta = model.foot.metatarsal;
    let toe = meta.x as f32 + 0.05 * ts;
    for side in 0..2 {
        spawn(
            Sphere::new(0.024 * ts).into(),
            bone.clone(),
            Anchor::Segment(FEMUR[side]),
            Transform::IDENTITY,
        );
        spawn(
            Capsule3d::new(0.02 * ts, thigh).into(),
            bone.clone(),
            Anchor::Segment(FEMUR[side]),
            at(0.0, -thigh / 2.0, 0.0),
        );
        spawn(
            Capsule3d::new(0.018 * ts, shank).into(),
            bone.clone(),
            Anchor::Segment(SHANK[side]),
            at(0.0, -shank / 2.0, 0.0),
        );
        let (x0, y0) = (heel.x as f32, heel.y as f32);
        spawn(
            Cuboid::new(toe - x0, -y0 * 0.8, 0.08 * ts).into(),
            bone.clone(),
            Anchor::Segment(FOOT[side]),
            at((x0 + toe) / 2.0, y0 * 0.6, 0.0),
        );
    }
    for (e, paint) in painted {
        commands.entity(e).insert(paint);
    }
}

fn update_current(
    viewer: Res<Viewer>,
    playback: Res<Playback>,
    live: Option<Res<Live>>,
    mut current: ResMut<Current>,
) {
    let sim = &viewer.sim;
    // Live physics shows the simulated body where it is (no shift) and its latest loads.
    if let Some(shown) = live.as_ref().filter(|l| l.active).and_then(|l| l.shown) {
        current.t = if sim.period > 0.0 { shown.time_s.rem_euclid(sim.period) } else { 0.0 };
        current.walked = 0.0;
        current.skeleton = shown.skeleton;
        current.loads = shown.loads;
        return;
    }
    let (t, walked) = playback.cycle_time(sim);
    current.t = t;
    current.walked = walked;
    current.skeleton = sim.skeleton(t, walked);
    current.loads = sim.loads(t);
}

fn place_parts(current: Res<Current>, mut parts: Query<(&Part, &mut Transform)>) {
    for (part, mut tf) in &mut parts {
        let p = match part.anchor {
            Anchor::Segment(s) => current.skeleton.segments[s.min(N_SEGMENTS - 1)],
            Anchor::Disc(k) => current.skeleton.discs[k],
        };
        let anchor = Transform { translation: p.pos, rotation: p.rot, scale: Vec3::ONE };
        *tf = anchor * part.local;
    }
}

fn paint_loads(
    current: Res<Current>,
    painted: Query<(&Painted, &MeshMaterial3d<StandardMaterial>)>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    for (paint, mat) in &painted {
        let c = paint_colour(*paint, &current.loads);
        if let Some(mut m) = materials.get_mut(&mat.0) {
            m.base_color = Color::srgb(c[0], c[1], c[2]);
            // A little self-light so the load colour reads on the shaded side too.
            m.emissive = Color::srgb(c[0], c[1], c[2]).to_linear() * 0.35;
        }
    }
}

pub fn paint_colour(paint: Painted, loads: &Loads) -> [f32; 3] {
    match paint {
        Painted::Disc(k) => compression_colour(loads.compression_bw[k]),
        Painted::Facet(k, side) => facet_colour(loads.facet_bw[k][side]),
    }
}

/// Arrows: 1 BW is drawn 0.4 m long (GRF from the centre of pressure, the hip contact force on
/// the femoral head from the head, the net force across each level at its disc).
fn draw_arrows(
    viewer: Res<Viewer>,
    current: Res<Current>,
    toggles: Res<ArrowToggles>,
    mut gizmos: Gizmos,
    mut hip_gizmos: Gizmos<HipArrows>,
) {
    let scale = 0.4 / viewer.sim.body_weight as f32;
    let v = |a: [f64; 3]| Vec3::new(a[0] as f32, a[1] as f32, a[2] as f32);
    let walked = current.walked as f32;
    if toggles.grf {
        for s in 0..2 {
            let f = v(current.loads.grf_n[s]);
            if f.length() > 5.0 {
                let at = v(current.loads.cop_m[s]) + Vec3::X * walked;
                gizmos.arrow(at, at + f * scale, Color::srgb(0.2, 0.9, 0.3));
            }
        }
    }
    if toggles.hip {
        for s in 0..2 {
            // Hip contact reaches 4–6 BW: drawn at a quarter of the GRF's scale. From the head,
            // as the force on it points (down and out, like the ground reaction from the centre
            // of pressure): drawn into the head it came from above the other side and crossed
            // the lumbar discs, hiding their colour.
            let f = v(current.loads.hip_n[s]) * scale * 0.25;
            let at = current.skeleton.hips[s];
            hip_gizmos.arrow(at, at + f, Color::srgb(1.0, 0.6, 0.1));
        }
    }
    if toggles.levels {
        // The joint reaction's compression, pressing along the disc's axis into the disc
        // (behind the spine, so it does not hide the disc), a quarter of the GRF's scale.
        for k in 0..5 {
            let disc = current.skeleton.discs[k];
            let axis = disc.rot * Vec3::Y;
            let back = disc.rot * Vec3::NEG_X * 0.045;
            let len = current.loads.compression_bw[k] as f32 * 0.4 * 0.25;
            let at = disc.pos + back;
            gizmos.arrow(at + axis * len, at, Color::srgb(0.9, 0.3, 0.9));
        }
    }
}
