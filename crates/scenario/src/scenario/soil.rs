//! `[[soil.layers]]`: hydraulic parameters per layer, checked against physical ranges, and the
//! layering checked against the grid.
//!
//! A layer gives its hydraulic model directly (van Genuchten 1980 with Mualem 1976, or Gardner
//! 1958), or a USDA texture class (the Carsel & Parrish 1988 class averages), or sand, silt, clay
//! and bulk density (the Wosten et al. 1999 HYPRES continuous pedotransfer functions), both from
//! `aralkum_core::soil`.

use super::check::{Check, Range};
use super::schema::RawLayer;
use aralkum_core::column::SoilLayer;
use aralkum_core::soil::{
    carsel_parrish, wosten_1999, GardnerExponential, PedotransferInput, SoilHydraulics,
    TextureClass, VanGenuchtenAirEntry, VanGenuchtenMualem,
};

/// Dispersivity (cm) when a layer gives none: a tenth of a typical 1 m transport distance, the
/// usual first guess of HYDRUS-1D users (Vanderborght & Vereecken 2007 review field values of
/// 1-20 cm at this scale).
pub const DEFAULT_DISPERSIVITY_CM: f64 = 10.0;
/// Mualem pore-connectivity parameter when none is given (Mualem 1976).
pub const DEFAULT_L: f64 = 0.5;
/// Organic matter (% by mass) for pedotransfer when none is given: the dried Aral seabed's young
/// marine and aeolian sediments hold well under 1 % (an assumption stated in the input
/// reference; measure it where it matters).
pub const DEFAULT_ORGANIC_MATTER_PCT: f64 = 0.5;

const HYDRAULIC_KEYS: &str = "theta_r, theta_s, alpha_per_cm, n, ks_cm_d";

/// Validates the layers against the grid depth (when it is known).
pub fn layers(
    check: &mut Check,
    raw: Option<Vec<RawLayer>>,
    grid_depth_cm: Option<f64>,
) -> Option<Vec<SoilLayer>> {
    let raw = check.required(raw, "soil.layers")?;
    if raw.is_empty() {
        check.error("soil.layers", "[]", "needs at least one layer");
        return None;
    }
    let before = check.errors.0.len();
    let mut out = Vec::with_capacity(raw.len());
    let mut top_cm = 0.0;
    for (k, l) in raw.iter().enumerate() {
        let path = format!("soil.layers[{k}]");
        let bottom = check.required_number(
            l.bottom_cm,
            &format!("{path}.bottom_cm"),
            Range::gt(0.0).and_le(1e5),
        );
        if let Some(b) = bottom {
            if b <= top_cm {
                check.error(
                    &format!("{path}.bottom_cm"),
                    b,
                    format!(
                        "must be > {top_cm} (the bottom of soil.layers[{}]): layers go from the \
                         top down and each starts where the one above ends",
                        k.saturating_sub(1)
                    ),
                );
            } else if let Some(depth) = grid_depth_cm {
                if top_cm >= depth {
                    check.error(
                        &format!("{path}.bottom_cm"),
                        b,
                        format!(
                            "this layer starts at {top_cm} cm, at or below the bottom of the grid \
                             (grid.depth_cm = {depth})"
                        ),
                    );
                }
            }
            top_cm = top_cm.max(b);
        }
        let hydraulics = hydraulics(check, l, &path, k == 0);
        let dispersivity = check.number_or(
            l.dispersivity_cm,
            &format!("{path}.dispersivity_cm"),
            Range::ge(0.0).and_le(1e4),
            DEFAULT_DISPERSIVITY_CM,
        );
        if let (Some(b), Some(h)) = (bottom, hydraulics) {
            out.push(SoilLayer {
                bottom_cm: b,
                hydraulics: h,
                dispersivity_cm: dispersivity,
            });
        }
    }
    if let Some(depth) = grid_depth_cm {
        if check.errors.0.len() == before && top_cm < depth {
            check.error(
                "grid.depth_cm",
                depth,
                format!(
                    "the grid is deeper than the soil: the last layer (soil.layers[{}].bottom_cm) \
                     ends at {top_cm} cm; extend it or add layers down to {depth} cm",
                    raw.len() - 1
                ),
            );
        }
        // The soil may be described deeper than the column: the layer holding the bottom of the
        // grid ends there.
        if let Some(last) = out.last_mut() {
            if last.bottom_cm > depth {
                last.bottom_cm = depth;
            }
        }
    }
    (check.errors.0.len() == before).then_some(out)
}

/// Largest suction of an air-entry head (cm): HYDRUS-1D's choice is 2 cm, Vogel et al. (2001)
/// discuss 1-2 cm; beyond a few tens of cm it is no longer a small correction of the curve.
pub const MAX_AIR_ENTRY_SUCTION_CM: f64 = 100.0;

/// The layer's hydraulic model, with its air-entry head when one is given.
fn hydraulics(check: &mut Check, l: &RawLayer, path: &str, first: bool) -> Option<SoilHydraulics> {
    let model = model_hydraulics(check, l, path, first);
    let Some(raw) = l.air_entry_cm else {
        return model;
    };
    let key = format!("{path}.air_entry_cm");
    let h_s = check.number(
        Some(raw),
        &key,
        Range::ge(-MAX_AIR_ENTRY_SUCTION_CM).and_le(0.0),
    )?;
    match model? {
        SoilHydraulics::VanGenuchten(vg) if h_s < 0.0 => Some(
            SoilHydraulics::VanGenuchtenAirEntry(VanGenuchtenAirEntry::new(vg, h_s)),
        ),
        SoilHydraulics::Gardner(_) => {
            check.error(
                &key,
                raw,
                "only the van_genuchten model has an air-entry head",
            );
            None
        }
        other => Some(other),
    }
}

fn model_hydraulics(
    check: &mut Check,
    l: &RawLayer,
    path: &str,
    first: bool,
) -> Option<SoilHydraulics> {
    let has_hydraulic = l.theta_r.is_some()
        || l.theta_s.is_some()
        || l.alpha_per_cm.is_some()
        || l.n.is_some()
        || l.ks_cm_d.is_some();
    let has_texture = l.texture.is_some();
    let has_ptf = l.sand_pct.is_some()
        || l.silt_pct.is_some()
        || l.clay_pct.is_some()
        || l.bulk_density_g_cm3.is_some();
    let ways = usize::from(has_hydraulic) + usize::from(has_texture) + usize::from(has_ptf);
    if ways > 1 {
        check.error(
            path,
            "",
            format!(
                "give one of: the hydraulic keys ({HYDRAULIC_KEYS}), texture, or sand_pct/\
                 silt_pct/clay_pct/bulk_density_g_cm3; this layer mixes them"
            ),
        );
        return None;
    }
    if has_texture || has_ptf {
        if let Some(m) = l.model.as_deref() {
            if m != "van_genuchten" {
                check.error(
                    &format!("{path}.model"),
                    format!("\"{m}\""),
                    "texture classes and pedotransfer give van_genuchten parameters",
                );
            }
        }
        check.unused(
            &l.l,
            &format!("{path}.l"),
            "comes with the texture class or pedotransfer",
        );
    }
    if has_texture {
        return texture(check, l.texture.as_deref().unwrap_or(""), path);
    }
    if has_ptf {
        return pedotransfer(check, l, path, first);
    }
    check.unused(
        &l.organic_matter_pct,
        &format!("{path}.organic_matter_pct"),
        "only used with sand_pct, silt_pct, clay_pct and bulk_density_g_cm3",
    );
    check.unused(
        &l.topsoil,
        &format!("{path}.topsoil"),
        "only used with sand_pct, silt_pct, clay_pct and bulk_density_g_cm3",
    );
    if !has_hydraulic {
        check.error(
            path,
            "",
            format!("missing keys: give the hydraulic keys ({HYDRAULIC_KEYS}) of the layer"),
        );
        return None;
    }
    let model = match l.model.as_deref() {
        None => "van_genuchten",
        Some(m) => check.choice(m, &format!("{path}.model"), &["van_genuchten", "gardner"])?,
    };
    let p = |k: &str| format!("{path}.{k}");
    let theta_r = check.required_number(l.theta_r, &p("theta_r"), Range::ge(0.0).and_lt(1.0));
    let theta_s = check.required_number(l.theta_s, &p("theta_s"), Range::gt(0.0).and_le(1.0));
    if let (Some(r), Some(s)) = (theta_r, theta_s) {
        if s <= r {
            check.error(&p("theta_s"), s, format!("must be > theta_r = {r}"));
        }
    }
    let alpha = check.required_number(
        l.alpha_per_cm,
        &p("alpha_per_cm"),
        Range::gt(0.0).and_le(100.0),
    );
    let ks = check.required_number(l.ks_cm_d, &p("ks_cm_d"), Range::gt(0.0).and_le(1e5));
    match model {
        "gardner" => {
            check.unused(&l.n, &p("n"), "not a parameter of the gardner model");
            check.unused(&l.l, &p("l"), "not a parameter of the gardner model");
            let (r, s, a, k) = (theta_r?, theta_s?, alpha?, ks?);
            (s > r).then_some(SoilHydraulics::Gardner(GardnerExponential {
                theta_r: r,
                theta_s: s,
                alpha_per_cm: a,
                ks_cm_d: k,
            }))
        }
        _ => {
            let n = check.required_number(l.n, &p("n"), Range::gt(1.0).and_le(20.0));
            let pore = check.number_or(l.l, &p("l"), Range::ge(-10.0).and_le(10.0), DEFAULT_L);
            let (r, s, a, n, k) = (theta_r?, theta_s?, alpha?, n?, ks?);
            (s > r).then_some(SoilHydraulics::VanGenuchten(VanGenuchtenMualem {
                theta_r: r,
                theta_s: s,
                alpha_per_cm: a,
                n,
                ks_cm_d: k,
                l: pore,
            }))
        }
    }
}

/// Carsel & Parrish (1988) class averages of a USDA texture class named by the user.
fn texture(check: &mut Check, name: &str, path: &str) -> Option<SoilHydraulics> {
    match TextureClass::from_name(name) {
        Some(class) => Some(SoilHydraulics::VanGenuchten(carsel_parrish(class))),
        None => {
            let names: Vec<&str> = TextureClass::ALL.iter().map(|c| c.name()).collect();
            check.error(
                &format!("{path}.texture"),
                format!("\"{name}\""),
                format!("must be a USDA texture class: {}", names.join(", ")),
            );
            None
        }
    }
}

/// Wosten et al. (1999) HYPRES continuous pedotransfer from the layer's composition.
fn pedotransfer(
    check: &mut Check,
    l: &RawLayer,
    path: &str,
    first: bool,
) -> Option<SoilHydraulics> {
    let p = |k: &str| format!("{path}.{k}");
    let pct = Range::ge(0.0).and_le(100.0);
    let sand = check.required_number(l.sand_pct, &p("sand_pct"), pct);
    let silt = check.required_number(l.silt_pct, &p("silt_pct"), Range::gt(0.0).and_le(100.0));
    let clay = check.required_number(l.clay_pct, &p("clay_pct"), Range::gt(0.0).and_le(100.0));
    let density = check.required_number(
        l.bulk_density_g_cm3,
        &p("bulk_density_g_cm3"),
        Range::gt(0.5).and_le(2.5),
    );
    let om = check.number_or(
        l.organic_matter_pct,
        &p("organic_matter_pct"),
        Range::gt(0.0).and_le(100.0),
        DEFAULT_ORGANIC_MATTER_PCT,
    );
    let (sand, silt, clay, density) = (sand?, silt?, clay?, density?);
    let input = PedotransferInput {
        sand_pct: sand,
        silt_pct: silt,
        clay_pct: clay,
        bulk_density_g_cm3: density,
        organic_matter_pct: om,
        topsoil: l.topsoil.unwrap_or(first),
    };
    match wosten_1999(&input) {
        Ok(params) => Some(SoilHydraulics::VanGenuchten(params.van_genuchten())),
        Err(e) => {
            check.error(
                path,
                format!(
                    "sand {sand} %, silt {silt} %, clay {clay} %, bulk density {density} g/cm3"
                ),
                format!("pedotransfer (Wosten et al. 1999): {e}"),
            );
            None
        }
    }
}
