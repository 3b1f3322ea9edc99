use aralkum_scenario::plan::*;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let site = load_site(std::path::Path::new(&path)).unwrap();
    let t = Instant::now();
    let w = years::plan_years(&site, 0, 2);
    println!("weather {:?}", t.elapsed());
    let t = Instant::now();
    let rec = leach::reclaim(&site, &site.species, &w[0]).unwrap();
    println!(
        "reclaim {:?} applied {} final {} days {}",
        t.elapsed(),
        rec.applied_cm,
        rec.final_ece_ds_m,
        rec.ece_series.len()
    );
    for sp in &site.species {
        for st in Strategy::ALL {
            let t = Instant::now();
            let r = simulate::simulate_option(&site, &rec.profile, &w[1..2], sp, st);
            println!(
                "{} {:?} {:?} {:?} {:?}",
                sp.id,
                st,
                t.elapsed(),
                r.failure,
                r.years
                    .first()
                    .map(|y| (y.irrigation_cm, y.transp_cm, y.season_ece_ds_m))
            );
        }
    }
}
