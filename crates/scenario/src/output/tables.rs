//! `daily.csv` and `profiles.csv` (INTERFACES section 6): column names and order are fixed there.

use crate::run::RunResult;
use aralkum_core::column::Fluxes;
use std::fmt::Write;

/// The water fluxes of `daily.csv`, in order, with their values.
pub fn water_fluxes(f: &Fluxes) -> [(&'static str, f64); 10] {
    [
        ("precip_cm", f.precip_cm),
        ("irrigation_cm", f.irrigation_cm),
        ("runoff_cm", f.runoff_cm),
        ("infiltration_cm", f.infiltration_cm),
        ("evaporation_pot_cm", f.evaporation_pot_cm),
        ("evaporation_cm", f.evaporation_cm),
        ("transpiration_pot_cm", f.transpiration_pot_cm),
        ("transpiration_cm", f.transpiration_cm),
        ("drainage_cm", f.drainage_cm),
        ("capillary_rise_cm", f.capillary_rise_cm),
    ]
}

/// The salt fluxes, which follow the section-6 columns of `daily.csv`.
pub fn salt_fluxes(f: &Fluxes) -> [(&'static str, f64); 4] {
    [
        ("salt_in_top_mg_cm2", f.salt_in_top_mg_cm2),
        ("salt_in_bottom_mg_cm2", f.salt_in_bottom_mg_cm2),
        ("salt_out_bottom_mg_cm2", f.salt_out_bottom_mg_cm2),
        ("salt_out_top_mg_cm2", f.salt_out_top_mg_cm2),
    ]
}

/// A number as CSV text: shortest exact decimal, exponent form for very large or small values.
pub fn num(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if (1e-6..1e12).contains(&a) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// The text of `daily.csv`.
pub fn daily_csv(r: &RunResult) -> String {
    let zero = Fluxes::default();
    let mut header: Vec<String> = vec!["time_d".into(), "date".into()];
    header.extend(water_fluxes(&zero).iter().map(|x| x.0.to_string()));
    header.extend(
        [
            "storage_cm",
            "salt_storage_mg_cm2",
            "root_zone_salt_g_l",
            "root_zone_ece_ds_m",
        ]
        .map(String::from),
    );
    header.extend(salt_fluxes(&zero).iter().map(|x| x.0.to_string()));
    header.extend(water_fluxes(&zero).iter().map(|x| format!("cum_{}", x.0)));
    header.extend(salt_fluxes(&zero).iter().map(|x| format!("cum_{}", x.0)));
    let mut out = header.join(",");
    out.push('\n');
    for row in &r.daily {
        let mut cells = vec![num(row.time_d), row.date.to_string()];
        cells.extend(water_fluxes(&row.fluxes).iter().map(|x| num(x.1)));
        cells.extend(
            [
                row.storage_cm,
                row.salt_storage_mg_cm2,
                row.root_zone_salt_g_l,
                row.root_zone_ece_ds_m,
            ]
            .map(num),
        );
        cells.extend(salt_fluxes(&row.fluxes).iter().map(|x| num(x.1)));
        cells.extend(water_fluxes(&row.cumulative).iter().map(|x| num(x.1)));
        cells.extend(salt_fluxes(&row.cumulative).iter().map(|x| num(x.1)));
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The text of `profiles.csv`.
pub fn profiles_csv(r: &RunResult) -> String {
    let mut out = String::from("time_d,depth_cm,head_cm,theta,salt_g_l,ece_ds_m\n");
    for p in &r.profiles {
        let q = &p.profile;
        for i in 0..q.depth_cm.len() {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{}",
                num(p.time_d),
                num(q.depth_cm[i]),
                num(q.head_cm[i]),
                num(q.theta[i]),
                num(q.salt_g_l[i]),
                num(q.ece_ds_m[i])
            );
        }
    }
    out
}
