//! A small orbit camera (no camera crate matches Bevy 0.19 yet): it follows the walker's lower
//! back; left drag orbits, right or middle drag pans, the wheel zooms.

use crate::skeleton::Current;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use lumbus_core::model::VERTEBRA;

#[derive(Component, Clone, Copy)]
pub struct Orbit {
    /// Angle about Y from the +Z (right side) view, rad; positive turns toward the front (+X).
    pub yaw: f32,
    pub pitch: f32,
    pub distance: f32,
    /// Offset from the followed point, set by panning.
    pub pan: Vec3,
}

impl Default for Orbit {
    /// Side-front view of the lower back.
    fn default() -> Self {
        Orbit { yaw: 0.55, pitch: 0.12, distance: 1.6, pan: Vec3::ZERO }
    }
}

impl Orbit {
    pub fn transform(&self, focus: Vec3) -> Transform {
        let target = focus + self.pan;
        let dir =
            Vec3::new(self.yaw.sin() * self.pitch.cos(), self.pitch.sin(), self.yaw.cos() * self.pitch.cos());
        Transform::from_translation(target + dir * self.distance).looking_at(target, Vec3::Y)
    }
}

/// The followed point: over the middle of the lumbar spine (L3), in the walking line.
pub fn focus(current: &Current) -> Vec3 {
    let l3 = current.skeleton.segments[VERTEBRA[2]].pos;
    Vec3::new(l3.x, l3.y, 0.0)
}

/// Whether the pointer is over an egui panel (then the camera leaves the mouse alone).
#[derive(Resource, Default)]
pub struct PointerOverUi(pub bool);

pub fn orbit_input(
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    over_ui: Res<PointerOverUi>,
    mut cams: Query<(&mut Orbit, &Transform)>,
) {
    if over_ui.0 {
        return;
    }
    for (mut orbit, tf) in &mut cams {
        let d = motion.delta;
        if buttons.pressed(MouseButton::Left) {
            orbit.yaw -= d.x * 0.008;
            orbit.pitch = (orbit.pitch + d.y * 0.006).clamp(-1.2, 1.45);
        }
        if buttons.pressed(MouseButton::Right) || buttons.pressed(MouseButton::Middle) {
            let k = orbit.distance * 0.0015;
            let (right, up) = (tf.right(), tf.up());
            orbit.pan += (-*right * d.x + *up * d.y) * k;
        }
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
        };
        if lines != 0.0 {
            orbit.distance = (orbit.distance * (1.0 - 0.1 * lines)).clamp(0.3, 12.0);
        }
    }
}

pub fn follow(current: Res<Current>, mut cams: Query<(&Orbit, &mut Transform)>) {
    let f = focus(&current);
    for (orbit, mut tf) in &mut cams {
        *tf = orbit.transform(f);
    }
}
