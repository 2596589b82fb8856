/**
 * Exercise catalogue of the hip-preservation programme (metrics.md "From findings to exercises"):
 * education, range of motion, strengthening (gluteus medius/minimus/maximus, quadriceps,
 * hamstrings, hip flexors, core), balance, posture and gait retraining. Plain words for patients.
 * Don't rename ids: reports and stored programmes refer to them.
 */

/** Kind of exercise; programmes list them in EXERCISE_CATEGORY_ORDER. */
export type ExerciseCategory = 'education' | 'mobility' | 'strength' | 'core' | 'balance' | 'gait' | 'posture';

/** Order of categories in a programme: understand first, move, strengthen, control, then use it. */
export const EXERCISE_CATEGORY_ORDER: readonly ExerciseCategory[] = Object.freeze([
  'education',
  'mobility',
  'strength',
  'core',
  'balance',
  'posture',
  'gait',
]);

/** One catalogue exercise. `dose` is the starting weekly dose; `illustration` is a short picture-in-words the UI can show. */
export interface Exercise {
  id: string;
  name: string;
  category: ExerciseCategory;
  targets: readonly string[];
  steps: readonly string[];
  dose: string;
  easier: string;
  harder: string;
  evidence: string;
  cautions: readonly string[];
  illustration: string;
}

const FAI =
  'With hip impingement (FAI) or a labral tear: stop before any pinching in the groin, and avoid deep hip bending combined with turning the knee inward.';
const SURGERY = "After hip surgery, follow your surgeon's limits (weight bearing, range of movement, brace) and start only once cleared.";
const PAIN =
  'Mild discomfort up to 3 out of 10 that settles by the next morning is acceptable; sharp pain, or pain that lasts into the next day, means do less next time.';

const CITE = Object.freeze({
  distefano2009:
    'Distefano LJ, Blackburn JT, Marshall SW, Padua DA. Gluteal muscle activation during common therapeutic exercises. J Orthop Sports Phys Ther 2009;39(7):532-540.',
  boren2011:
    'Boren K, Conrey C, Le Coguic J, et al. Electromyographic analysis of gluteus medius and gluteus maximus during rehabilitation exercises. Int J Sports Phys Ther 2011;6(3):206-223.',
  selkowitz2013:
    'Selkowitz DM, Beneck GJ, Powers CM. Which exercises target the gluteal muscles while minimizing activation of the tensor fascia lata? J Orthop Sports Phys Ther 2013;43(2):54-64.',
  bolgla2005:
    'Bolgla LA, Uhl TL. Electromyographic analysis of hip rehabilitation exercises in a group of healthy subjects. J Orthop Sports Phys Ther 2005;35(8):487-494.',
  ayotte2007:
    'Ayotte NW, Stetts DM, Keenan G, Greenway EH. Electromyographical analysis of selected lower extremity muscles during 5 unilateral weight-bearing exercises. J Orthop Sports Phys Ther 2007;37(2):48-55.',
  berry2015:
    'Berry JW, Lee TS, Foley HD, Lewis CL. Resisted side stepping: the effect of posture on hip abductor muscle activation. J Orthop Sports Phys Ther 2015;45(9):675-682.',
  ekstrom2007:
    'Ekstrom RA, Donatelli RA, Carp KC. Electromyographic analysis of core trunk, hip, and thigh muscles during 9 rehabilitation exercises. J Orthop Sports Phys Ther 2007;37(12):754-762.',
  fransen2014:
    'Fransen M, McConnell S, Hernandez-Molina G, Reichenbach S. Exercise for osteoarthritis of the hip. Cochrane Database Syst Rev 2014;(4):CD007912.',
  kemp2020:
    'Kemp JL, Risberg MA, Mosler A, et al. Physiotherapist-led treatment for young to middle-aged active adults with hip-related pain: consensus recommendations from the International Hip-related Pain Research Network, Zurich 2018. Br J Sports Med 2020;54(9):504-511.',
  enseki2014:
    'Enseki K, Harris-Hayes M, White DM, et al. Nonarthritic hip joint pain: clinical practice guidelines. J Orthop Sports Phys Ther 2014;44(6):A1-A32.',
  griffin2016:
    'Griffin DR, Dickenson EJ, O\u2019Donnell J, et al. The Warwick Agreement on femoroacetabular impingement syndrome (FAI syndrome): an international consensus statement. Br J Sports Med 2016;50(19):1169-1176.',
  kerrigan2003:
    'Kerrigan DC, Xenopoulos-Oddsson A, Sullivan MJ, Lelas JJ, Riley PO. Effect of a hip flexor-stretching program on gait in the elderly. Arch Phys Med Rehabil 2003;84(1):1-6.',
  decoster2005:
    'Decoster LC, Cleland J, Altieri C, Russell P. The effects of hamstring stretching on range of motion: a systematic review. J Orthop Sports Phys Ther 2005;35(6):377-387.',
  willy2012:
    'Willy RW, Scholz JP, Davis IS. Mirror gait retraining for the treatment of patellofemoral pain in female runners. Clin Biomech 2012;27(10):1045-1051.',
  roerdink2007:
    'Roerdink M, Lamoth CJ, Kwakkel G, van Wieringen PC, Beek PJ. Gait coordination after stroke: benefits of acoustically paced treadmill walking. Phys Ther 2007;87(8):1009-1022.',
  lewis2008:
    'Lewis CL, Ferris DP. Walking with increased ankle pushoff decreases hip muscle moments. J Biomech 2008;41(10):2082-2089.',
  harman2005:
    'Harman K, Hubley-Kozey CL, Butler H. Effectiveness of an exercise program to improve forward head posture in normal adults: a randomized, controlled 10-week trial. J Man Manip Ther 2005;13(3):163-176.',
  mellor2018:
    'Mellor R, Bennell K, Grimaldi A, et al. Education plus exercise versus corticosteroid injection use versus a wait and see approach on global outcome and pain from gluteal tendinopathy: prospective, single blinded, randomised clinical trial. BMJ 2018;361:k1662.',
  nice2014:
    'National Institute for Health and Care Excellence. Osteoarthritis: care and management (CG177). London: NICE; 2014 (advice on footwear and activity).',
  waters1993:
    'Waters TR, Putz-Anderson V, Garg A, Fine LJ. Revised NIOSH equation for the design and evaluation of manual lifting tasks. Ergonomics 1993;36(7):749-776.',
});

/** The catalogue. Don't change ids (reports refer to them). */
export const EXERCISES: readonly Readonly<Exercise>[] = Object.freeze(
  (
    [
      // ---- Education ----
      {
        id: 'education-activity-modification',
        name: 'Know your hip: load and pain',
        category: 'education',
        targets: ['activity modification', 'load management'],
        steps: [
          'Keep doing what you enjoy, but cut back activities that bring on groin pain for a few weeks (long runs, deep squats, long car journeys).',
          'Use the pain guide: up to 3 out of 10 during activity is fine if it settles by the next morning.',
          'Spread loads over the week instead of doing a lot in one day; build up by about 10% a week.',
          'Keep a short diary of what you did and how the hip felt the next morning.',
        ],
        dose: 'Read once; review each week with your diary',
        easier: 'Focus on one change only this week (for example, shorter walks more often).',
        harder: 'Plan a gradual return to a sport or hobby with your therapist, step by step.',
        evidence: `${CITE.kemp2020} ${CITE.griffin2016}`,
        cautions: ['Pain at night or at rest, or a sudden change, needs a clinician rather than more self-management.', SURGERY],
        illustration: 'A traffic-light pain scale: green 0–3 (go on), amber 4–5 (ease off), red above 5 (stop and rest).',
      },
      {
        id: 'education-sitting',
        name: 'Sitting that spares the hip',
        category: 'education',
        targets: ['sitting ergonomics', 'hip impingement'],
        steps: [
          'Sit with your hips a little higher than your knees: raise the chair or use a wedge cushion.',
          'Keep your knees apart about hip width; avoid crossing your legs.',
          'Do not lean far forward to reach things: move closer instead.',
          'Stand up and walk for a minute every 30 to 45 minutes.',
        ],
        dose: 'Every day, whenever you sit',
        easier: 'Start by adding just a cushion and a reminder to stand every hour.',
        harder: 'Set up a sit-stand desk and alternate every 30 minutes.',
        evidence: `${CITE.griffin2016} ${CITE.enseki2014}`,
        cautions: [FAI, 'Low soft sofas and car seats bend the hip the most: add a cushion.'],
        illustration: 'A person on a chair with the hip crease above the knee, feet flat, knees apart.',
      },
      {
        id: 'education-standing-posture',
        name: 'Standing evenly on both legs',
        category: 'education',
        targets: ['standing ergonomics', 'lateral pelvic tilt', 'gluteal tendons'],
        steps: [
          'Stand with your weight evenly on both feet, feet about hip width apart.',
          'Avoid "hanging" on one hip with the other knee bent.',
          'When standing for long, shift weight gently from foot to foot or rest one foot on a low step, swapping sides.',
          'Lie on your back or on your less sore side with a pillow between the knees.',
        ],
        dose: 'Every day; check yourself 3 times a day',
        easier: 'Check only when you queue or wash up.',
        harder: 'Practise in front of a mirror, keeping both hips level for 2 minutes.',
        evidence: CITE.mellor2018,
        cautions: ['A leg-length difference should be measured by a clinician before using a heel raise.'],
        illustration: 'Two figures: one hanging on the right hip (wrong), one standing tall on both feet (right).',
      },
      {
        id: 'education-lifting',
        name: 'Lifting and bending with a hip hinge',
        category: 'education',
        targets: ['lifting ergonomics', 'hip impingement'],
        steps: [
          'Stand close to the object, feet a little wider than hips, toes slightly out.',
          'Bend at the hips and knees with a long back; keep the knees in line with the toes.',
          'Hold the load close to your body and breathe out as you stand up.',
          'Turn with your feet, not by twisting at the hips.',
        ],
        dose: 'Practise 5 slow lifts with an empty box, 3 days a week, then use it every day',
        easier: 'Lift from a table height instead of the floor.',
        harder: 'Use a golfer’s lift for light objects: one leg swings back as you bend.',
        evidence: CITE.waters1993,
        cautions: [FAI, SURGERY, 'Heavy lifting from the floor may be restricted for weeks after surgery.'],
        illustration: 'A side view of a person hinging at the hips with a straight back, box close to the body.',
      },
      {
        id: 'education-footwear',
        name: 'Footwear for walking comfort',
        category: 'education',
        targets: ['footwear', 'shock absorption'],
        steps: [
          'Choose shoes with a cushioned sole, a firm heel counter and room for your toes.',
          'Avoid high heels and worn-out or very flat, hard soles for long walks.',
          'Wear the same type of shoe on both feet; replace running shoes when the sole is worn.',
        ],
        dose: 'Check your shoes once; wear suitable shoes for every walk',
        easier: 'Start with one good pair for your longest walk of the day.',
        harder: 'Ask your therapist whether an insole or heel raise would help.',
        evidence: `${CITE.nice2014} ${CITE.kemp2020}`,
        cautions: ['Do not add a heel raise for a suspected leg-length difference without a clinician’s check.'],
        illustration: 'A walking shoe with the cushioned sole and firm heel cup labelled.',
      },
      // ---- Range of motion and flexibility ----
      {
        id: 'half-kneeling-hip-flexor-stretch',
        name: 'Half-kneeling hip flexor stretch',
        category: 'mobility',
        targets: ['hip flexors', 'hip extension range'],
        steps: [
          'Kneel on a cushion on the side you want to stretch, the other foot flat in front.',
          'Tuck your tailbone under (squeeze the buttock of the kneeling side).',
          'Shift your body forward a little until you feel a stretch at the front of the hip.',
          'Hold, breathing normally; keep your back upright.',
        ],
        dose: '3 holds of 30 seconds each side, twice a day, 5 days a week',
        easier: 'Do it standing: one foot forward on a step, the other leg straight behind.',
        harder: 'Raise the arm of the kneeling side overhead and lean slightly away.',
        evidence: CITE.kerrigan2003,
        cautions: [FAI, SURGERY, 'After arthroscopy, hip extension may be limited early on; ask your surgeon.'],
        illustration: 'Side view: one knee down, other foot forward, pelvis tucked, arrow at the front of the back hip.',
      },
      {
        id: 'supine-hamstring-stretch',
        name: 'Lying hamstring stretch with a strap',
        category: 'mobility',
        targets: ['hamstrings'],
        steps: [
          'Lie on your back, one leg straight on the floor.',
          'Loop a strap or towel around the other foot and lift the leg until you feel a stretch behind the thigh.',
          'Keep the knee nearly straight and the other leg flat.',
          'Hold, then lower slowly.',
        ],
        dose: '3 holds of 30 seconds each side, once a day, 5 days a week',
        easier: 'Bend the knee a little more, or lift the leg less high.',
        harder: 'Point the foot up toward you at the end of the stretch.',
        evidence: CITE.decoster2005,
        cautions: [FAI, 'Keep the leg in line with the shoulder, not across the body.'],
        illustration: 'A person lying on their back, one leg raised with a towel around the foot.',
      },
      {
        id: 'heel-slides',
        name: 'Heel slides',
        category: 'mobility',
        targets: ['knee flexion range', 'hip flexion within comfort'],
        steps: [
          'Lie on your back with both legs straight.',
          'Slide one heel toward your buttock, bending the knee as far as is comfortable.',
          'Slide it back out slowly.',
        ],
        dose: '2 sets of 15 each side, once a day, 5 days a week',
        easier: 'Put a plastic bag under the heel so it slides more easily.',
        harder: 'Sit on a chair and slide the foot back under the chair as far as you can.',
        evidence: CITE.fransen2014,
        cautions: [FAI, SURGERY],
        illustration: 'A person lying down, one heel sliding along the floor toward the buttock.',
      },
      {
        id: 'quadruped-rock-back',
        name: 'Four-point rock back',
        category: 'mobility',
        targets: ['hip flexion range', 'lumbopelvic control'],
        steps: [
          'Kneel on hands and knees, hands under shoulders, knees under hips.',
          'Keep your back long and gently rock your buttocks back toward your heels.',
          'Stop before any pinching in the groin, then return.',
        ],
        dose: '2 sets of 10 slow rocks, once a day, 5 days a week',
        easier: 'Rock only a small way back, knees a little wider apart.',
        harder: 'Hold the back position for 3 seconds while keeping the back flat.',
        evidence: CITE.enseki2014,
        cautions: [FAI, SURGERY],
        illustration: 'Hands-and-knees position with an arrow showing the hips moving back toward the heels.',
      },
      {
        id: 'stationary-cycling',
        name: 'Easy stationary cycling',
        category: 'mobility',
        targets: ['hip and knee range', 'endurance'],
        steps: [
          'Set the seat high enough that your knee is almost straight at the bottom of the pedal stroke.',
          'Pedal with little resistance at an easy pace.',
          'Sit upright; do not lean far forward over the handlebars.',
        ],
        dose: '10–20 minutes, 3–5 days a week',
        easier: 'Start with 5 minutes and no resistance.',
        harder: 'Add resistance or time by 10% a week.',
        evidence: CITE.fransen2014,
        cautions: [FAI, SURGERY, 'A low seat bends the hip deeply: raise it if the groin pinches.'],
        illustration: 'A person upright on an exercise bike, knee nearly straight at the bottom.',
      },
      // ---- Strengthening ----
      {
        id: 'side-lying-hip-abduction',
        name: 'Side-lying leg raise',
        category: 'strength',
        targets: ['gluteus medius', 'gluteus minimus'],
        steps: [
          'Lie on your side with the bottom knee bent for balance, top leg straight and in line with your body.',
          'Turn the top toes slightly down toward the floor.',
          'Lift the top leg up and a little back, about a hand-width, without rolling backward.',
          'Lower slowly over 3 seconds.',
        ],
        dose: '3 sets of 10–15 each side, 3–4 days a week',
        easier: 'Do a smaller lift, or bend the top knee.',
        harder: 'Add a light ankle weight or a band around the ankles.',
        evidence: `${CITE.distefano2009} ${CITE.boren2011}`,
        cautions: [SURGERY, 'If the outside of the hip is sore when lying on it, put a pillow under the hip.'],
        illustration: 'A person lying on their side lifting the straight top leg, toes pointing slightly down.',
      },
      {
        id: 'clamshell',
        name: 'Clamshell',
        category: 'strength',
        targets: ['gluteus medius', 'gluteus maximus', 'hip external rotators'],
        steps: [
          'Lie on your side with hips and knees bent, feet together, hips stacked.',
          'Keeping the feet together, lift the top knee as far as you can without rolling the pelvis back.',
          'Hold for 2 seconds and lower slowly.',
        ],
        dose: '3 sets of 12–15 each side, 3–4 days a week',
        easier: 'Make the movement smaller, or lie with the back against a wall.',
        harder: 'Add a resistance band just above the knees.',
        evidence: `${CITE.distefano2009} ${CITE.selkowitz2013}`,
        cautions: [FAI, 'Keep the hips bent to about 45°, not more, if the groin pinches.'],
        illustration: 'Side-lying with knees bent, the top knee opening like a clamshell.',
      },
      {
        id: 'side-plank-hip-abduction',
        name: 'Side plank with leg lift',
        category: 'strength',
        targets: ['gluteus medius', 'obliques', 'core'],
        steps: [
          'Lie on your side, propped on your forearm, elbow under the shoulder.',
          'Lift your hips so your body is in a straight line from head to feet.',
          'Lift the top leg a little and lower it, keeping the hips up.',
        ],
        dose: '2–3 sets of 6–10 lifts each side, 3 days a week',
        easier: 'Side plank from the knees with no leg lift, holding 10–20 seconds.',
        harder: 'Add a band around the ankles, or hold the lift for 3 seconds.',
        evidence: `${CITE.boren2011} ${CITE.ekstrom2007}`,
        cautions: [SURGERY, 'Avoid if shoulder pain; do the easier version.'],
        illustration: 'A side plank on the forearm with the top leg raised.',
      },
      {
        id: 'glute-bridge',
        name: 'Bridge',
        category: 'strength',
        targets: ['gluteus maximus', 'hamstrings', 'hip extension'],
        steps: [
          'Lie on your back, knees bent, feet flat and hip width apart.',
          'Squeeze your buttocks and lift your hips until knees, hips and shoulders are in a line.',
          'Hold for 3 seconds, then lower slowly.',
        ],
        dose: '3 sets of 10–12, 3–4 days a week',
        easier: 'Lift only halfway, or hold for 1 second.',
        harder: 'Single-leg bridge: lift one foot off the floor and bridge on the other.',
        evidence: `${CITE.distefano2009} ${CITE.ekstrom2007}`,
        cautions: [SURGERY, 'Do not arch the lower back: the lift comes from the buttocks.'],
        illustration: 'A person on their back lifting the hips into a straight line from knees to shoulders.',
      },
      {
        id: 'sit-to-stand',
        name: 'Sit to stand',
        category: 'strength',
        targets: ['quadriceps', 'gluteus maximus'],
        steps: [
          'Sit near the front of a firm chair, feet hip width apart, knees over the feet.',
          'Lean forward slightly and stand up without using your hands.',
          'Sit down slowly, taking 3 seconds, and touch the seat lightly.',
        ],
        dose: '3 sets of 8–12, 3–4 days a week',
        easier: 'Use a higher seat or push with your hands on the armrests.',
        harder: 'Use a lower seat, hold a weight at your chest, or stand on one leg more than the other.',
        evidence: CITE.fransen2014,
        cautions: [FAI, 'A very low seat bends the hip deeply: use a cushion if the groin pinches.', SURGERY],
        illustration: 'A person rising from a chair with arms crossed, knees in line with the toes.',
      },
      {
        id: 'step-up',
        name: 'Step up',
        category: 'strength',
        targets: ['quadriceps', 'gluteus maximus', 'gluteus medius'],
        steps: [
          'Stand facing a low step (10–20 cm), a rail or wall nearby for balance.',
          'Put one whole foot on the step and push through that heel to stand up on it.',
          'Keep the knee over the middle of the foot and the pelvis level.',
          'Step down slowly with the other leg.',
        ],
        dose: '3 sets of 8–12 each leg, 3 days a week',
        easier: 'Use a lower step and hold a rail.',
        harder: 'Use a higher step, hold weights, or step up sideways.',
        evidence: `${CITE.ayotte2007} ${CITE.fransen2014}`,
        cautions: [SURGERY, 'Stop if the knee or hip gives way; use the rail.'],
        illustration: 'A person stepping up onto a low step, knee in line with the toes, hips level.',
      },
      {
        id: 'wall-squat',
        name: 'Wall mini-squat',
        category: 'strength',
        targets: ['quadriceps', 'gluteus maximus'],
        steps: [
          'Stand with your back against a wall, feet a step away from it and hip width apart.',
          'Slide down the wall until your knees are bent to about 45° (a quarter squat).',
          'Hold, then slide back up.',
        ],
        dose: '3 sets of 10 with a 5-second hold, 3 days a week',
        easier: 'Bend the knees less and hold for 2 seconds.',
        harder: 'Hold for 20–30 seconds, or do it with more weight on one leg.',
        evidence: CITE.fransen2014,
        cautions: [FAI, 'Do not go lower than a chair height if the groin pinches.', SURGERY],
        illustration: 'A person with the back against a wall in a shallow squat.',
      },
      {
        id: 'bridge-hamstring-walkout',
        name: 'Bridge walk-outs for hamstrings',
        category: 'strength',
        targets: ['hamstrings', 'gluteus maximus'],
        steps: [
          'Start in a bridge: on your back, knees bent, hips lifted.',
          'Keeping the hips up, take 2–3 small steps out with your heels, then walk them back.',
          'Lower your hips and rest.',
        ],
        dose: '3 sets of 5 walk-outs, 2–3 days a week',
        easier: 'Take only one small step out and back.',
        harder: 'Walk further out, or do it on one leg.',
        evidence: CITE.fransen2014,
        cautions: ['Stop if the back of the thigh cramps; rest and try a smaller range.', SURGERY],
        illustration: 'A bridge position with the heels stepping away from the buttocks.',
      },
      {
        id: 'standing-hip-flexion-band',
        name: 'Standing knee lift against a band',
        category: 'strength',
        targets: ['hip flexors (iliopsoas)', 'balance'],
        steps: [
          'Stand tall holding a counter, a loop band around both feet.',
          'Lift one knee in front of you to hip height at most, against the band.',
          'Lower slowly. Keep your trunk upright.',
        ],
        dose: '2–3 sets of 10 each side, 3 days a week',
        easier: 'No band; lift the knee only halfway.',
        harder: 'Use a stronger band and hold the top for 3 seconds.',
        evidence: `${CITE.enseki2014} ${CITE.kemp2020}`,
        cautions: [FAI, 'Do not lift the knee above hip height.', 'After arthroscopy the hip flexor tendon can be irritable: start without a band.', SURGERY],
        illustration: 'A person holding a counter, lifting one knee against a band looped around the feet.',
      },
      {
        id: 'lateral-band-walk',
        name: 'Side steps with a band',
        category: 'strength',
        targets: ['gluteus medius', 'gluteus minimus'],
        steps: [
          'Put a loop band around your ankles (or just above the knees).',
          'Stand with feet hip width apart and knees slightly bent, trunk leaning a little forward.',
          'Step sideways 10 steps, keeping the band tight and the toes pointing forward, then step back.',
        ],
        dose: '3 sets of 10 steps each way, 3 days a week',
        easier: 'Use a lighter band or put it above the knees.',
        harder: 'Use a stronger band around the feet, or stay lower in a half squat.',
        evidence: CITE.berry2015,
        cautions: [SURGERY, 'Keep the steps small; do not let the feet snap together.'],
        illustration: 'A person side-stepping with a band around the ankles, knees slightly bent.',
      },
      // ---- Core ----
      {
        id: 'dead-bug',
        name: 'Dead bug',
        category: 'core',
        targets: ['deep abdominals', 'lumbopelvic control'],
        steps: [
          'Lie on your back with knees bent over your hips and arms pointing to the ceiling.',
          'Gently flatten your lower back to the floor.',
          'Slowly lower one arm overhead and straighten the opposite leg toward the floor, then return.',
          'Alternate sides without letting your back arch.',
        ],
        dose: '2–3 sets of 8 each side, 3 days a week',
        easier: 'Move only the legs, tapping a heel to the floor with the knee bent.',
        harder: 'Hold a light weight in the hands, or move slower (5 seconds each way).',
        evidence: CITE.ekstrom2007,
        cautions: [FAI, 'Keep the knees no closer to the chest than straight above the hips.'],
        illustration: 'Lying on the back, opposite arm and leg reaching away while the back stays flat.',
      },
      {
        id: 'bird-dog',
        name: 'Bird dog',
        category: 'core',
        targets: ['back extensors', 'gluteus maximus', 'core'],
        steps: [
          'On hands and knees, back flat.',
          'Reach one arm forward and the opposite leg back until both are in line with your body.',
          'Hold for 3 seconds without tilting the pelvis, then return and swap.',
        ],
        dose: '2–3 sets of 8 each side, 3 days a week',
        easier: 'Lift only the leg, sliding the toes along the floor.',
        harder: 'Hold for 10 seconds, or add a light ankle weight.',
        evidence: CITE.ekstrom2007,
        cautions: [SURGERY, 'A cushion under the knees makes kneeling more comfortable.'],
        illustration: 'Hands-and-knees with the right arm and left leg stretched out level.',
      },
      {
        id: 'front-plank',
        name: 'Front plank',
        category: 'core',
        targets: ['abdominals', 'core endurance'],
        steps: [
          'Lie face down, then lift onto your forearms and toes.',
          'Keep a straight line from head to heels; do not let the hips sag.',
          'Breathe normally while holding.',
        ],
        dose: '3 holds of 20–30 seconds, 3 days a week',
        easier: 'Plank from the knees, or against a kitchen counter.',
        harder: 'Lift one foot a little off the floor, swapping halfway.',
        evidence: CITE.ekstrom2007,
        cautions: ['Stop if the lower back aches; use the easier version.'],
        illustration: 'A straight body on forearms and toes, side view.',
      },
      // ---- Balance / single-leg control ----
      {
        id: 'single-leg-stance',
        name: 'Standing on one leg, pelvis level',
        category: 'balance',
        targets: ['gluteus medius', 'balance', 'pelvic control'],
        steps: [
          'Stand near a counter in front of a mirror.',
          'Lift one foot a little off the floor.',
          'Keep both hips level and the trunk upright: do not lean over the standing leg.',
          'Hold, then swap.',
        ],
        dose: '3 holds of 30 seconds each leg, daily',
        easier: 'Touch the counter with a finger, or hold for 10 seconds.',
        harder: 'Close your eyes, stand on a cushion, or reach the free leg in different directions.',
        evidence: `${CITE.bolgla2005} ${CITE.kemp2020}`,
        cautions: ['Keep a counter within reach to avoid falls.', SURGERY],
        illustration: 'A person on one leg in front of a mirror, a level line across the hips.',
      },
      {
        id: 'single-leg-squat',
        name: 'Single-leg mini squat',
        category: 'balance',
        targets: ['gluteus medius', 'gluteus maximus', 'quadriceps', 'knee alignment'],
        steps: [
          'Stand on one leg next to a counter.',
          'Bend the standing knee a little (a quarter squat), pushing the hips back.',
          'Keep the knee over the middle of the foot and the pelvis level.',
          'Straighten up slowly.',
        ],
        dose: '3 sets of 8 each leg, 3 days a week',
        easier: 'Keep the toes of the other foot touching the floor for balance.',
        harder: 'Go a little deeper, or hold a weight in the opposite hand.',
        evidence: `${CITE.distefano2009} ${CITE.ayotte2007}`,
        cautions: [FAI, 'Keep it shallow; do not let the knee fall inward.', SURGERY],
        illustration: 'A person on one leg, knee slightly bent and in line with the toes, hips level.',
      },
      {
        id: 'standing-weight-shift',
        name: 'Weight shifts side to side',
        category: 'balance',
        targets: ['weight acceptance', 'confidence loading the leg'],
        steps: [
          'Stand with feet hip width apart holding a counter.',
          'Shift your weight slowly onto one leg, keeping the trunk upright and the hips level.',
          'Hold for 5 seconds, then shift to the other side.',
        ],
        dose: '2 sets of 10 each side, daily',
        easier: 'Shift only part of the weight, holding with both hands.',
        harder: 'Shift fully and lift the other heel, or do it without hands.',
        evidence: CITE.kemp2020,
        cautions: ['Respect any weight-bearing limits after surgery.', SURGERY],
        illustration: 'A person beside a counter, an arrow showing the body moving over one foot.',
      },
      // ---- Posture ----
      {
        id: 'chin-tuck',
        name: 'Chin tuck',
        category: 'posture',
        targets: ['deep neck flexors', 'forward head posture'],
        steps: [
          'Sit or stand tall, looking straight ahead.',
          'Glide your head straight back, making a "double chin", without tipping it up or down.',
          'Hold for 5 seconds, then relax.',
        ],
        dose: '2 sets of 10, once or twice a day, 5 days a week',
        easier: 'Do it lying on your back, pressing the back of the head gently into the pillow.',
        harder: 'Do it with your back against a wall and hold for 10 seconds.',
        evidence: CITE.harman2005,
        cautions: ['Stop if it causes dizziness, arm pain or tingling, and see a clinician.'],
        illustration: 'Side view of a head gliding straight back over the shoulders.',
      },
      {
        id: 'wall-posture-drill',
        name: 'Wall posture reset',
        category: 'posture',
        targets: ['upright trunk', 'shoulder and pelvic level', 'thoracic extension'],
        steps: [
          'Stand with heels, buttocks, shoulder blades and the back of the head touching a wall.',
          'Keep your weight even on both feet and both hips level.',
          'Draw your shoulder blades gently back and down, then step away keeping that posture.',
        ],
        dose: '5 repetitions of 10 seconds, 3 times a day',
        easier: 'Stand a little away from the wall with only the buttocks and shoulder blades touching.',
        harder: 'Slide the arms up the wall in a "W" to "Y" shape, keeping contact.',
        evidence: CITE.harman2005,
        cautions: ['Do not force the head back to the wall if it does not reach comfortably.'],
        illustration: 'A person standing against a wall with five contact points marked.',
      },
      // ---- Gait retraining ----
      {
        id: 'mirror-gait-retraining',
        name: 'Walking with a level pelvis (mirror feedback)',
        category: 'gait',
        targets: ['contralateral pelvic drop', 'trunk lean', 'hip adduction in stance'],
        steps: [
          'Walk slowly toward a long mirror (or film yourself from the front).',
          'As each foot lands, squeeze the buttock of that leg lightly and keep the other hip from dropping.',
          'Keep your upper body tall over your hips, not leaning to the side.',
          'Over the weeks use the mirror less, then not at all.',
        ],
        dose: '5–10 minutes, 4 days a week; mirror feedback fading over 2–4 weeks',
        easier: 'Practise the same hip control while marching on the spot.',
        harder: 'Practise at normal walking speed, then on stairs.',
        evidence: CITE.willy2012,
        cautions: ['If the hip is too sore to keep level, strengthen first and return to this later.', SURGERY],
        illustration: 'A person walking toward a mirror with a level line drawn across both hips.',
      },
      {
        id: 'metronome-even-steps',
        name: 'Even steps to a beat',
        category: 'gait',
        targets: ['step symmetry', 'stance-time symmetry', 'cadence'],
        steps: [
          'Use a metronome app set to your usual step rate (your report shows it).',
          'Walk so that each foot lands on a beat, making left and right steps the same length and time.',
          'If one step is shorter, think "long and equal" on that side.',
          'When it feels easy, raise the beat by 5 steps per minute.',
        ],
        dose: '10 minutes, 4–5 days a week',
        easier: 'Walk in place to the beat before walking forward.',
        harder: 'Walk to the beat outdoors or on a treadmill.',
        evidence: `${CITE.roerdink2007} (stroke gait; used here as a screening-level extrapolation)`,
        cautions: ['Use a walking aid if you normally need one.', SURGERY],
        illustration: 'Footprints of equal length with a beat symbol under each one.',
      },
      {
        id: 'push-off-gait-drill',
        name: 'Longer stride behind: push-off drill',
        category: 'gait',
        targets: ['hip extension at late stance', 'calf push-off'],
        steps: [
          'Walk tall, looking ahead.',
          'Let the back leg stay on the ground a moment longer so the thigh goes behind you.',
          'Push off through the big toe and feel the front of that hip stretch.',
          'Keep steps even; do not lean the trunk forward.',
        ],
        dose: '5 minutes of practice within a walk, 4–5 days a week',
        easier: 'Practise standing: rock forward over the front foot and lift the back heel.',
        harder: 'Practise up a gentle slope.',
        evidence: `${CITE.lewis2008} ${CITE.kerrigan2003}`,
        cautions: [FAI, SURGERY],
        illustration: 'Side view of a walker with the back thigh behind the body and heel lifting.',
      },
      {
        id: 'walking-programme',
        name: 'Graded walking programme',
        category: 'gait',
        targets: ['gait speed', 'cadence', 'endurance'],
        steps: [
          'Walk on flat ground at a pace where you can still talk.',
          'Start with a time you can manage without increasing pain, even if it is 10 minutes.',
          'Add about 10% time each week; after 3 weeks, add a few minutes of brisker walking (about 100 steps per minute).',
        ],
        dose: '10–30 minutes, 5 days a week',
        easier: 'Split it into two short walks a day.',
        harder: 'Add brisk intervals or gentle hills.',
        evidence: `${CITE.fransen2014} ${CITE.kemp2020}`,
        cautions: ['Use the pain guide: up to 3 out of 10 that settles by next morning.', SURGERY],
        illustration: 'A walking path with a weekly bar chart growing 10% each week.',
      },
    ] satisfies Exercise[]
  ).map((e) => Object.freeze(e)),
);

/** Finds a catalogue exercise by id; throws for an unknown id (a typo is a bug). */
export function exerciseById(id: string): Readonly<Exercise> {
  const e = EXERCISES.find((x) => x.id === id);
  if (!e) throw new Error(`no exercise with id "${id}"`);
  return e;
}

/** Shared caution lines (hip preservation) for the UI and PDF. */
export const GENERAL_CAUTIONS = Object.freeze({ fai: FAI, surgery: SURGERY, pain: PAIN });
