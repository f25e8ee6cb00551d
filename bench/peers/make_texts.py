#!/usr/bin/env python3
"""Writes bench/texts/short.txt and bench/texts/long.txt, the fixed text sets of the CPU benchmark.

The sentences below were written for this project (no corpus was downloaded). Lines are built
deterministically from them: short.txt joins 1-3 consecutive sentences of one topic; long.txt
joins whole sentences (one topic first, then neighbours) until the MiniLM token count, [CLS] and
[SEP] included, lies in [LONG_MIN, LONG_MAX] without truncation. Needs only `tokenizers`.

    python3 bench/peers/make_texts.py models/all-MiniLM-L6-v2          # writes bench/texts/
    python3 bench/peers/make_texts.py models/all-MiniLM-L6-v2 --check  # verify, print stats
"""
import argparse
import os
import random
import statistics
import sys

SEED = 20250714
N_SHORT = 1000
N_LONG = 128          # 128 keeps both files under 300 KB and fills one batch of 128 without wrap
LONG_MIN, LONG_MAX = 230, 256

TOPICS = {
"cooking": """
Brown the onions slowly over medium heat until they turn sweet and golden, which takes at least twenty minutes.
A pinch of salt in the pasta water matters more than any sauce you put on the noodles later.
If the dough feels sticky after kneading, dust the counter with flour instead of adding more to the bowl.
Let the roast rest for ten minutes before carving so the juices settle back into the meat.
My grandmother never measured anything; she judged the batter by how it dripped from the spoon.
Toast the cumin seeds in a dry pan until fragrant, then grind them while they are still warm.
How long should I boil an egg if I want the yolk soft but not runny?
The recipe calls for buttermilk, but plain yogurt thinned with a little milk works just as well.
A cast-iron skillet needs to be dried on the stove right after washing, or it will start to rust.
We served the soup with thick slices of sourdough and a bowl of grated parmesan on the side.
Overcrowding the pan lowers the temperature, so the mushrooms steam instead of browning.
Fresh basil bruises easily, so tear the leaves by hand rather than chopping them with a dull knife.
""",
"weather": """
Heavy rain is expected across the northern valleys tonight, with local flooding possible near the river.
The morning fog should lift by ten o'clock, leaving a mostly sunny afternoon with light winds.
Will it still be below freezing when the marathon starts on Sunday morning?
A cold front moving in from the west will drop temperatures by about eight degrees overnight.
Humidity stayed above ninety percent all week, and the air felt heavy even after sunset.
Forecasters upgraded the storm to a hurricane after its winds reached seventy-five miles per hour.
Snow will turn to sleet in the late afternoon, making the evening commute slow and slippery.
The drought has lasted three summers now, and the reservoir is at its lowest level in decades.
Thunderstorms often form in the late afternoon when warm, moist air rises over the heated ground.
Pack a light jacket, because the wind off the lake makes the evenings colder than the forecast suggests.
""",
"travel": """
The night train from Vienna arrived in Venice just after sunrise, and the canals were still quiet.
Our flight was delayed four hours, so we spent the afternoon wandering through the airport bookshops.
Is it possible to visit the old town and the castle in a single day without rushing?
Remember that many museums close on Mondays, so plan the gallery visits for later in the week.
The hostel was cheap and clean, but the walls were so thin that we heard every conversation next door.
We rented a small car and drove along the coast, stopping at every village that looked interesting.
Carry some cash, because the market stalls and rural buses rarely accept cards.
The ferry to the island runs twice a day in summer but only on weekends during the winter months.
After three weeks on the road, the thing I missed most was a quiet kitchen and my own pillow.
Travel insurance seemed like a waste of money until my suitcase disappeared somewhere between two connections.
The guidebook recommended sunrise at the temple, and the early alarm turned out to be worth it.
Locals pointed us to a family restaurant hidden behind the church, where the menu changed every day.
""",
"software": """
The build started failing after we upgraded the compiler, because a warning is now treated as an error.
Write the test first, watch it fail, and only then change the code until it passes.
A race condition appeared only under heavy load, when two threads updated the same counter without a lock.
Why does the application use so much memory right after startup, even before any request arrives?
We split the monolith into services, but the real gain came from clear ownership of each component.
Code review caught an off-by-one error that would have skipped the last element of every batch.
Logging every request at debug level slowed the server by almost thirty percent in production.
The function returns an error code instead of throwing, so every caller has to check the result.
Refactoring is easier when the tests run in seconds rather than minutes.
A small, well-named helper is often clearer than a long comment explaining a tangled block of code.
The deployment was rolled back within five minutes because the health checks started failing.
Profiling showed that most of the time went into parsing JSON, not into the database queries we suspected.
""",
"databases": """
Adding an index on the customer ID column cut the report query from forty seconds to under one.
Transactions guarantee that either all of the updates are applied or none of them are.
The replica fell behind by several minutes during the nightly batch import.
Should we store timestamps in UTC and convert them to local time only when displaying them?
A full table scan is not always bad; for small tables it can be faster than using an index.
We normalized the schema to remove duplicate addresses, then added a view to keep old queries working.
Connection pooling keeps a few database connections open so each request does not pay the setup cost.
The backup finished successfully, but nobody had ever tested restoring it onto a fresh server.
Deleting millions of rows in one statement locked the table and blocked every other writer.
Choose the primary key carefully, because changing it later touches every table that references it.
""",
"networking": """
The packet loss disappeared once we replaced the faulty cable between the switch and the router.
DNS changes can take up to a day to propagate, depending on the time-to-live of the old record.
Why can I reach the server by its IP address but not by its host name?
The firewall blocked outgoing connections on port 25, so the mail server could not deliver anything.
Latency between the two data centers is about eighty milliseconds, which limits synchronous replication.
A load balancer spreads incoming requests across several servers and stops sending traffic to unhealthy ones.
The home router assigns addresses with DHCP, but the printer works better with a fixed address.
TLS certificates expire, and an expired certificate will take a working website offline in an instant.
Wireless signals weaken quickly through concrete walls, so the office needed a second access point.
We measured the bandwidth at night and during the day, and the difference pointed to a congested uplink.
""",
"finance": """
Paying off the credit card with the highest interest rate first saves the most money over time.
An emergency fund should cover at least three months of essential expenses.
Is it better to pay down my mortgage early or to invest the extra money in an index fund?
Inflation quietly reduces the value of cash sitting in a savings account that pays almost nothing.
She set up an automatic transfer on payday so that saving happened before she could spend the money.
Diversification means not putting all of your savings into a single company or a single industry.
The bank charged a monthly maintenance fee unless the balance stayed above two thousand dollars.
Before signing the loan, compare the total cost over its full term, not just the monthly payment.
Tax season is easier when receipts are sorted into folders throughout the year.
Compound interest works slowly at first and then surprisingly fast after a couple of decades.
""",
"health": """
Walking thirty minutes a day lowers blood pressure and improves sleep for most adults.
Drink water regularly during long hikes, even if you do not feel thirsty yet.
How many hours of sleep does a teenager really need during the school year?
Stretching after a run helps the muscles recover, but warming up beforehand matters more.
The doctor suggested cutting back on salt and checking my blood pressure again in three months.
Strength training twice a week helps older adults keep their balance and bone density.
A balanced breakfast with protein keeps you full longer than a pastry and a sweet coffee.
Washing your hands with soap for twenty seconds removes most common germs.
Chronic stress can show up as headaches, poor sleep, and trouble concentrating at work.
He started cycling to the office and lost five kilograms in the first three months without dieting.
""",
"gardening": """
Tomatoes need at least six hours of direct sunlight a day to produce a good crop.
Water the garden early in the morning so the leaves dry before the heat of the afternoon.
Which vegetables can I still plant in late August before the first frost arrives?
A layer of mulch keeps the soil moist, suppresses weeds, and slowly adds organic matter.
The roses were covered in aphids until a family of ladybugs moved into the hedge.
Compost made from kitchen scraps and dry leaves turns into dark, crumbly soil within a year.
Plant garlic in the autumn, and it will be ready to harvest in early summer.
Overwatering kills more houseplants than neglect, because the roots rot in soggy soil.
Prune fruit trees in late winter, when they are dormant and the branch structure is easy to see.
The raised beds warm up faster in spring, so we can start sowing lettuce two weeks earlier.
""",
"astronomy": """
Jupiter is bright enough to see with the naked eye, and binoculars reveal its four largest moons.
The light from the nearest star beyond the Sun takes more than four years to reach us.
Why does the Moon always show the same face to the Earth?
A total solar eclipse lasts only a few minutes at any single place along the path of totality.
The telescope's mirror must cool down to the outside temperature before the images become sharp.
Saturn's rings are made mostly of ice particles, ranging from tiny grains to chunks as large as houses.
Light pollution from the city hides all but the brightest stars, so we drove two hours into the hills.
Astronomers detect many exoplanets by the tiny dip in a star's brightness when a planet passes in front of it.
The Perseid meteor shower peaks in mid-August, when the Earth crosses the debris left by a comet.
A galaxy like ours contains hundreds of billions of stars, and the universe holds billions of galaxies.
""",
"history": """
The printing press made books cheaper, and literacy spread across Europe within a few generations.
Roman engineers built aqueducts that carried water over long distances using only a gentle slope.
What were the main causes of the First World War, and could it have been avoided?
The Silk Road was not a single route but a network of paths linking markets from China to the Mediterranean.
In 1969, two astronauts walked on the Moon while a third orbited above them in the command module.
The fall of the Berlin Wall in 1989 came after weeks of peaceful protests in East German cities.
Medieval castles were often built on hills, which made them easier to defend and harder to supply.
The plague of the fourteenth century killed about a third of Europe's population in just a few years.
Ancient Egyptians recorded the annual flooding of the Nile, because their harvests depended on it.
The industrial revolution moved millions of people from farms into crowded and polluted cities.
""",
"music": """
She practiced the same four bars of the sonata for an hour until her fingers found them without thinking.
A guitar drifts out of tune when the temperature changes, so tune it again before every performance.
What is the difference between a major and a minor chord, and why do they sound so different?
The orchestra rehearsed the symphony twice before the conductor was satisfied with the slow movement.
Jazz musicians often improvise over the same chord progression, each adding their own variations.
The band recorded the whole album live in a barn, and you can hear the rain on the roof in one song.
Learning to read sheet music is slow at first, but it opens up centuries of written compositions.
Our drummer keeps perfect time, which lets the rest of us relax and play more freely.
The concert hall's acoustics were so good that a whisper on stage reached the back row.
He bought a second-hand piano, and the tuner spent three hours bringing it back to pitch.
""",
"sports": """
The home team scored twice in the final ten minutes to win the championship in front of their own fans.
A good tennis serve depends more on timing and rhythm than on raw strength.
Who holds the record for the most goals scored in a single World Cup tournament?
The marathon course follows the river for the first half and then climbs steadily through the old town.
After the injury, the striker spent six months in rehabilitation before playing a full match again.
The referee reviewed the video and overturned the penalty, which angered the visiting supporters.
Swimmers taper their training before a big race so their muscles are rested but still sharp.
Our basketball coach made us run drills until every pass and cut became automatic.
The cyclist attacked on the final climb and crossed the line alone, a full minute ahead of the group.
Ticket prices for the final doubled overnight once both semifinals went to penalties.
""",
"support": """
I ordered a blue sweater in size medium, but the package contained a red one in size large.
My refund was approved two weeks ago, and the money still has not appeared in my account.
How do I change the delivery address after the order has already been shipped?
The app logs me out every time I switch to another screen, and I have to enter my password again.
Please cancel my subscription at the end of the current billing period, not immediately.
The replacement charger stopped working after three days, just like the first one did.
Your agent promised a call back within an hour, but nobody contacted me for the rest of the day.
Can I return an item that I bought on sale if the original tags have been removed?
The tracking page says the parcel was delivered, but it is not at my door or with my neighbors.
I was charged twice for the same order, and I would like one of the payments reversed.
The installation guide skips the step where the device has to be connected to the wireless network.
""",
"legal": """
The contract may be terminated by either party with thirty days' written notice.
A tenant is entitled to the return of the deposit unless the landlord can show damage beyond normal wear.
Does a verbal agreement count as a binding contract if nothing was written down?
The court ruled that the clause was unenforceable because it was hidden in the fine print.
Both parties agreed to settle the dispute through arbitration rather than going to trial.
The license allows commercial use, provided the copyright notice is included with every copy.
An employer must keep records of hours worked and wages paid for at least three years.
The appeal was filed one day after the deadline and was therefore dismissed without a hearing.
Personal data may only be stored for as long as it is needed for the purpose it was collected for.
The will named her brother as executor, but he declined and the court appointed someone else.
""",
"housing": """
The apartment has two bedrooms, a small balcony facing the park, and a kitchen that was renovated last year.
Rents in the city center rose by twelve percent, pushing many young families into the suburbs.
Is the heating included in the monthly rent, or is it billed separately each winter?
The inspector found water damage under the bathroom floor, so we renegotiated the price of the house.
A south-facing garden gets sun for most of the day, which buyers usually value highly.
Mortgage rates fell slightly this spring, and the number of first-time buyers increased.
The old farmhouse needs a new roof, new wiring, and patience, but the view over the valley is unbeatable.
Our landlord finally replaced the drafty windows, and the heating bill dropped by a third.
Open houses on Saturday mornings attract the most visitors, especially when the weather is good.
The building allows small pets, but dogs over twenty kilograms need written approval from the board.
""",
"cars": """
The check engine light came on after I filled the tank, and it turned out the fuel cap was loose.
Rotate the tires every ten thousand kilometers so they wear evenly and last longer.
Why does my car pull to the left when I brake hard on the highway?
An electric car costs more to buy but much less to run, especially if you charge it at home.
The mechanic replaced the brake pads and warned that the discs would need replacing next year.
Winter tires grip far better on snow and ice, even on a car with all-wheel drive.
The battery died overnight because someone left the interior light on in the garage.
Changing the oil regularly is the cheapest way to keep an engine healthy for many years.
Modern cars warn the driver when they drift out of their lane without signaling.
We bought a used van with high mileage, and it has been surprisingly reliable on long trips.
""",
"education": """
Students remember more when they test themselves than when they simply reread their notes.
The school added a second language class for younger children, starting with songs and simple games.
What is the best way to help a child who struggles with reading in the second grade?
Our teacher graded the essays carefully and wrote a paragraph of comments at the end of each one.
Online courses work well for motivated learners but can be lonely without a study group.
The university raised tuition again, and many students now work part-time to cover their costs.
Spacing study sessions over several days beats cramming everything into one long night.
The library stays open until midnight during exam week, and every table is taken by eight o'clock.
Group projects teach cooperation, although one person often ends up doing most of the work.
He went back to school at forty to study nursing, and he graduated at the top of his class.
""",
"biology": """
Bees communicate the direction and distance of flowers to their hive mates with a waggle dance.
Every cell in your body carries the same DNA, but different genes are switched on in each tissue.
How do migrating birds find their way across thousands of kilometers of open ocean?
Mitochondria produce most of the energy a cell uses, and they carry a small genome of their own.
Some trees share nutrients with their neighbors through networks of fungi in the soil.
The octopus can change the color and texture of its skin in a fraction of a second.
Antibiotics kill bacteria but have no effect on viruses, such as those that cause the common cold.
Coral reefs cover a tiny part of the ocean floor yet support about a quarter of all marine species.
A hummingbird's heart can beat more than a thousand times a minute during flight.
Evolution does not plan ahead; it favors whatever variations happen to survive and reproduce.
""",
"chemistry": """
Water expands when it freezes, which is why ice floats and pipes burst in cold winters.
A catalyst speeds up a reaction without being used up, so a small amount can do a lot of work.
Why does adding salt to an icy road make the ice melt even below zero degrees?
Iron rusts when it reacts with oxygen and water, forming a flaky reddish oxide.
The periodic table groups elements with similar properties into the same column.
Baking soda and vinegar react to produce carbon dioxide, which makes the mixture fizz.
Wear goggles in the lab, because even a dilute acid can damage the eyes.
Polymers are long chains of repeating units, and plastics, rubber, and proteins are all examples.
The pH scale runs from zero to fourteen, and pure water sits in the middle at seven.
Fireworks get their colors from metal salts: strontium for red, copper for blue, and sodium for yellow.
""",
"physics": """
A feather and a hammer fall at the same rate in a vacuum, as an astronaut demonstrated on the Moon.
Sound travels about four times faster in water than it does in air.
Why does time pass more slowly for a clock that is moving very fast?
Friction turns some of the energy of motion into heat, which is why your hands warm up when you rub them.
A rainbow appears when sunlight is refracted and reflected inside countless raindrops.
The magnet lost its strength after it was heated far above its Curie temperature.
Energy can change form, but the total amount in a closed system stays the same.
The pendulum's period depends on its length, not on how heavy the weight at the end is.
Semiconductors conduct electricity better as they warm up, unlike ordinary metals.
Light takes about eight minutes to travel from the surface of the Sun to the Earth.
""",
"economics": """
When the central bank raises interest rates, borrowing becomes more expensive and spending usually slows.
Prices tend to rise when demand grows faster than supply, as the housing market showed last year.
What happens to exports when a country's currency loses value against the dollar?
Unemployment fell to its lowest level in a decade, but wages grew only slightly faster than prices.
Small businesses create a large share of new jobs, yet many of them close within five years.
Trade tariffs protect some domestic industries while raising costs for the companies that import parts.
The government announced a stimulus package to support households during the downturn.
Economists disagree about how much a higher minimum wage affects employment in small towns.
Consumer confidence dropped sharply after the factory announced it would move production abroad.
Productivity growth is the main reason living standards rise over the long run.
""",
"climate": """
Glaciers in the Alps have lost more than half of their volume since the middle of the last century.
Rising sea levels threaten low-lying coastal cities with more frequent flooding during storms.
How much could planting trees really reduce the amount of carbon dioxide in the atmosphere?
Heat waves are becoming longer and more intense, especially in cities with few trees and much concrete.
The agreement commits countries to reduce emissions, but each nation sets its own targets.
Melting permafrost releases methane, a greenhouse gas that traps far more heat than carbon dioxide.
Farmers are shifting planting dates as the growing season starts earlier in the spring.
Warmer oceans bleach corals, and reefs need years without stress to recover.
Replacing coal plants with wind and solar farms has cut the region's emissions by a quarter.
Wildfire seasons now start weeks earlier and end weeks later than they did thirty years ago.
""",
"pets": """
Our dog knows exactly when it is five o'clock and sits by the door waiting for his walk.
Cats sleep for up to sixteen hours a day, and ours seems determined to break that record.
How often should I take my puppy outside during the first weeks of house training?
The vet recommended a diet with fewer treats, because the cat had gained two kilograms over the winter.
Rabbits need plenty of hay to keep their teeth worn down and their digestion healthy.
The shelter was full of older dogs that were calm, house-trained, and overlooked by most visitors.
Brush a long-haired dog every few days, or its coat will tangle into painful mats.
Our parrot learned to imitate the sound of the microwave long before it learned any words.
A bored dog will find its own entertainment, which usually involves the sofa cushions.
Fish tanks need regular water changes, even when the water still looks perfectly clear.
""",
"family": """
Reading a bedtime story every night became the calmest part of our day.
Toddlers test limits constantly, so consistent rules matter more than strict ones.
At what age can children safely walk to school on their own?
My parents visit every Sunday, and the kids spend the afternoon baking with their grandmother.
We limited screen time on school nights, and the children started reading more on their own.
The baby finally slept through the night at eight months, and we felt like new people.
Family dinners are loud and messy, but they are the only time all five of us sit together.
Teenagers need privacy, yet they also need to know their parents are paying attention.
Our son asks a hundred questions a day, and about half of them are about dinosaurs.
Planning a holiday with three children means packing snacks for every possible emergency.
""",
"literature": """
The novel follows three generations of a fishing family on a small island off the northern coast.
Her poems are short and plain, but each one ends with an image that stays with you for days.
Who narrates the story, and can we trust what that narrator tells us?
The detective solves the case in the final chapter, but the real mystery is why the victim stayed silent.
Reading the book in translation, I kept wondering what jokes were lost along the way.
The author spent ten years writing the novel and then another two revising the first chapter.
Classic adventure stories often begin with an ordinary person receiving an unexpected letter.
Our book club argued for an hour about whether the ending was hopeful or tragic.
The library's rare book room holds a first edition with notes written in the author's own hand.
Short stories leave out almost everything, which forces the reader to imagine the rest.
""",
"film": """
The director shot the entire film in a single continuous take, which makes the tension almost unbearable.
The sequel had a bigger budget and more explosions, but it lacked the charm of the original.
Is the theatrical cut or the director's cut the better version of the film?
The soundtrack does most of the emotional work in the final scene, which has almost no dialogue.
Critics praised the lead actress for a performance that was quiet, precise, and heartbreaking.
We watched the documentary about deep-sea creatures and then talked about it all the way home.
The special effects still look convincing today, even though the film is more than thirty years old.
Subtitles are better than dubbing, because you hear the actors' real voices and rhythm.
The cinema in our town shows old black-and-white classics every Thursday night.
The plot twist was obvious from the first act, but the characters kept us watching anyway.
""",
"photography": """
Shoot during the golden hour after sunrise or before sunset, when the light is soft and warm.
A faster shutter speed freezes motion, while a slow one turns a waterfall into a smooth veil.
Which lens should I bring for street photography if I can carry only one?
The photograph is slightly out of focus, but the expression on the child's face makes it the best of the set.
Raising the ISO makes the sensor more sensitive to light but adds grain to the image.
Use a tripod for night scenes, or every light in the city will smear into a streak.
The rule of thirds is a useful guide, but many memorable pictures break it on purpose.
She develops her own black-and-white film in a small darkroom set up in the bathroom.
Back up your photos in two places, because memory cards fail without warning.
Portraits look more natural when the subject is talking instead of posing for the camera.
""",
"outdoors": """
The trail climbs steeply for the first two kilometers and then follows the ridge to the summit.
Always tell someone where you are hiking and when you expect to be back.
What should I pack for a two-day hike if there are no huts along the route?
We pitched the tent beside the lake just as the first drops of rain began to fall.
Bears are attracted to food smells, so hang your supplies from a tree far from the campsite.
The mountain weather changed within an hour, from bright sunshine to hail and thick cloud.
Good boots matter more than an expensive jacket, especially on rocky and muddy paths.
At the top, the wind was so strong that we ate our sandwiches crouched behind a boulder.
Leave no trace: carry out every piece of trash, including orange peels and tissues.
The sunrise over the valley was worth the cold night and the uncomfortable sleeping mat.
""",
"cycling": """
Check the tire pressure before every ride, because soft tires make the bike slow and prone to punctures.
The new bike lanes along the river have doubled the number of people cycling to work.
How do I fix a chain that keeps slipping when I shift into the smallest gear?
Riding in a group saves energy, since the riders at the back are sheltered from the wind.
A good lock and a well-lit parking spot are the best protection against bike theft.
The climb was only five kilometers, but the gradient reached twelve percent near the top.
He commutes twenty kilometers each way, even in winter, with studded tires and a bright headlight.
Clean and oil the chain after riding in the rain, or it will rust within days.
Electric bikes have made hilly cities accessible to riders of every age and fitness level.
We crossed the border by bike and stopped for coffee in a village square at noon.
""",
"ocean": """
The tide goes out so far in this bay that you can walk to the small island at low water.
Whales migrate thousands of kilometers each year between their feeding and breeding grounds.
Why is the ocean salty while the water in most rivers and lakes is fresh?
Plastic waste collects in huge swirling patches where ocean currents meet.
The fishing boats leave the harbor before dawn and return in the afternoon to sell their catch.
Sea turtles return to the same beach where they hatched to lay their own eggs.
Strong rip currents can pull even experienced swimmers away from the shore.
Deep below the surface, where no sunlight reaches, many animals produce their own light.
The lighthouse has guided ships around the dangerous rocks for more than a hundred and fifty years.
Marine reserves where fishing is banned have helped several fish populations recover.
""",
"architecture": """
The cathedral took almost two hundred years to complete, so its towers are built in different styles.
Large windows and a courtyard bring daylight into every room of the new library.
Why were so many concrete buildings of the nineteen-sixties designed with such heavy, blocky shapes?
The architect reused the old factory's brick walls and steel beams in the new apartments.
Thick stone walls keep traditional houses in hot climates cool during the day.
The bridge's design had to account for strong winds, heavy traffic, and the occasional earthquake.
Green roofs absorb rainwater, insulate the building, and provide a home for insects and birds.
The city protects its historic facades, but owners may modernize everything behind them.
A good staircase is comfortable to climb, which depends on the ratio of step height to depth.
The museum's spiral ramp lets visitors see the art while slowly walking from the top floor down.
""",
"transit": """
The subway runs every four minutes during rush hour and every fifteen minutes late at night.
Buses were delayed across the city after a water main burst on the main avenue.
Is there a direct train from the airport to the city center, or do I need to change lines?
A monthly pass pays for itself after about twenty round trips.
The new tram line connects the university to the central station in under fifteen minutes.
Please stand on the right side of the escalator so people in a hurry can walk past.
Night buses replaced the trains on weekends while the tunnel was being repaired.
The ticket machine accepts coins and cards but not bank notes larger than twenty.
High-speed rail now competes with short flights, since the trip door to door takes about the same time.
Commuters complained that the schedule changes were announced only two days in advance.
""",
"energy": """
Solar panels on the roof now cover most of our electricity use from April to September.
A heat pump moves heat instead of creating it, so it uses far less electricity than a heater.
How many years does it take for home solar panels to pay for themselves?
Wind farms produce the most power in winter, when demand for heating is highest.
Insulating the attic was the cheapest improvement, and it reduced our heating costs noticeably.
Batteries store surplus solar power during the day for use in the evening.
The old power station was closed last year and will be turned into a park and museum.
LED bulbs use a fraction of the energy of incandescent bulbs and last many years longer.
Electricity prices spiked during the cold snap because several plants were offline for maintenance.
The grid operator pays large factories to reduce their consumption during peak hours.
""",
"farming": """
The wheat harvest was late this year because of the rain in July.
Rotating crops between fields keeps the soil healthy and reduces pests without extra chemicals.
How much water does a dairy cow drink on a hot summer day?
The orchard's apples are picked by hand and sold at the farm shop every weekend in autumn.
Drip irrigation delivers water directly to the roots and wastes much less than sprinklers.
The farmers' market brings local growers together with city shoppers every Saturday morning.
A late frost in April destroyed most of the cherry blossoms and half of the expected crop.
Goats will eat almost anything, including the fence that is supposed to keep them in the field.
Tractors now steer themselves along the rows using satellite positioning.
Organic certification takes three years of farming without synthetic fertilizers or pesticides.
""",
"medicine": """
The patient was given antibiotics for ten days and asked to return if the fever came back.
A blood test can show whether someone has low iron, which often causes tiredness.
What are the common side effects of this medication, and should it be taken with food?
Vaccines train the immune system to recognize a germ without causing the disease itself.
The surgeon explained the risks of the operation and answered every question the family asked.
Regular screening finds many cancers early, when treatment is most likely to succeed.
The clinic opened an evening session so that people who work during the day can see a nurse.
An allergic reaction to a bee sting can be life-threatening and needs immediate treatment.
The new drug lowered cholesterol in the trial but caused muscle pain in some patients.
Keep a list of all your medicines and show it to every doctor you visit.
""",
"products": """
This stainless steel water bottle keeps drinks cold for twenty-four hours and hot for twelve.
The wireless headphones offer noise cancellation and up to thirty hours of playback on one charge.
Is the backpack large enough to hold a fifteen-inch laptop and a change of clothes?
The cotton sheets are soft from the first wash and come in six colors.
This compact espresso machine heats up in under a minute and fits on the smallest counter.
The running shoes have a wide toe box and a cushioned sole for long distances on pavement.
Our chef's knife is forged from a single piece of steel and comes with a wooden storage block.
The smart thermostat learns your schedule and lowers the heat when nobody is home.
The children's raincoat has reflective strips and a hood that stays on in the wind.
Each set includes four ceramic mugs, dishwasher and microwave safe, in a gift box.
""",
"work": """
We are hiring a backend engineer with experience in distributed systems and a passion for testing.
The interview has three parts: a phone screen, a technical exercise, and a conversation with the team.
Can I negotiate the salary after I have already accepted the job offer?
Her manager approved four days of remote work per week, with Tuesdays spent at the office.
The company offers twenty-five days of paid vacation and a budget for training courses.
Meetings without an agenda tend to run long and end without a decision.
He asked for feedback after every project, and within two years he was leading the team.
The new employee spent her first week reading documentation and shadowing colleagues.
A good cover letter explains why you want this particular job, not just any job.
Performance reviews are more useful when they happen every few months instead of once a year.
""",
"phones": """
The battery drains quickly when the screen brightness is high and location services are always on.
Restart the phone after the update if the wireless connection keeps dropping.
How can I move my photos and messages from my old phone to the new one?
The new model has a better camera, but the price is almost twice what I paid for my last phone.
Turn on automatic backups so you do not lose your contacts if the phone is stolen.
The cracked screen still works, but the repair shop quoted a price higher than the phone's value.
Notifications from dozens of apps made it hard to concentrate, so I turned most of them off.
The charging port was full of pocket lint, which is why the cable kept falling out.
Using the phone as a hotspot drains the battery and the data plan surprisingly fast.
Older phones stop receiving security updates after a few years, even when the hardware still works.
""",
"security": """
Use a different password for every account, and let a password manager remember them.
The email looked like it came from the bank, but the link pointed to a completely different site.
Is it safe to use public wireless networks at the airport for online banking?
Two-factor authentication stops most attacks that rely on stolen passwords.
The company lost customer data because a storage bucket had been left open to the internet.
Install updates promptly, since attackers often exploit flaws that were patched weeks earlier.
Backups kept offline are the best defense against ransomware that encrypts every connected drive.
Never share verification codes over the phone, even if the caller claims to be from support.
The audit found old accounts of former employees that still had access to internal systems.
Encrypting the laptop's disk means a thief gets the hardware but not the files.
""",
"math": """
The sum of the angles in any triangle on a flat surface is always one hundred eighty degrees.
Prime numbers have exactly two divisors: one and the number itself.
Why does dividing by zero have no meaningful answer in ordinary arithmetic?
A probability of one in a thousand sounds small until the event is repeated ten thousand times.
The median is often more useful than the mean when a few very large values distort the average.
Calculus lets us find the slope of a curve at a single point and the area beneath it.
The proof seemed simple, but it took mathematicians more than three centuries to find it.
Compound growth follows an exponential curve, which is why small rates add up over decades.
A matrix can represent a rotation, a scaling, or any combination of linear transformations.
Statistics can show a correlation, but proving cause and effect requires careful experiments.
""",
"language": """
Children learn a second language most easily when they hear it used in everyday situations.
English borrowed thousands of words from French after the Norman conquest of 1066.
Why do so many languages have separate words for formal and informal forms of address?
The same word can mean different things in British and American English, which causes funny mistakes.
Languages change constantly, and today's slang may be tomorrow's standard vocabulary.
Learning the most common thousand words lets you understand a large share of everyday speech.
Some languages have no words for left and right, and their speakers use north and south instead.
She speaks four languages and switches between them without noticing, sometimes within a sentence.
Sign languages have their own grammar and are not simply gestures for spoken words.
A good dictionary shows not only what a word means but also how people actually use it.
""",
"coffee": """
Grind the beans just before brewing, because ground coffee loses its aroma within minutes.
A light roast keeps more of the fruit and acidity, while a dark roast tastes of chocolate and smoke.
What is the right ratio of coffee to water for a pour-over brewed at home?
The café on the corner roasts its own beans and changes the single-origin coffee every week.
Espresso is brewed fast under high pressure, which creates the thick layer of crema on top.
Cold brew steeps for about twelve hours and tastes smoother and less bitter than iced coffee.
The barista drew a perfect leaf in the milk foam without even looking at the cup.
Store coffee in an airtight container in a cool, dark cupboard, not in the refrigerator.
Coffee plants grow best at high altitudes in the tropics, where nights are cool.
Decaffeinated coffee still contains a small amount of caffeine, usually a few milligrams per cup.
""",
"chess": """
Control the center early, develop your knights and bishops, and castle before attacking.
A knight on the edge of the board controls only half as many squares as one in the middle.
Is it ever a good idea to trade the queen early in the opening?
The grandmaster sacrificed a rook to open the king's position and forced mate five moves later.
In the endgame, the king becomes a strong piece and should march toward the center.
Studying your own lost games teaches more than memorizing long lines of opening theory.
The tournament used a fast time control, so many games were decided by the clock.
A pawn that reaches the last rank can become any piece, though almost everyone chooses a queen.
Computers now play chess far better than any human, yet people still love the game.
She solved ten tactical puzzles every morning and her rating rose steadily over the year.
""",
"home": """
A dripping tap usually needs only a new washer, which costs less than a cup of coffee.
Turn off the main water valve before replacing anything under the sink.
How do I find the stud behind the drywall before hanging a heavy mirror?
The paint will look patchy unless you apply two thin coats and let each one dry fully.
We replaced the old carpet with wooden floors, and the room looks twice as large.
Clean the dryer's lint filter after every load, because a clogged filter is a fire hazard.
The smoke alarm chirps when its battery runs low, usually in the middle of the night.
Caulk around the bathtub keeps water out of the walls, so redo it when it starts to crack.
A cordless drill was the first tool I bought, and I use it almost every weekend.
The gutters overflowed during the storm because they were full of autumn leaves.
""",
"art": """
The painter worked in thin layers of oil, letting each one dry for days before adding the next.
The gallery hung the small portraits at eye level so visitors would step close to them.
What makes an abstract painting valuable when it seems to show nothing recognizable?
Watercolor is unforgiving, because every stroke remains visible through the layers above it.
The sculptor carved the figure from a single block of marble over four years.
Street art turned the grey underpass into the most photographed corner of the neighborhood.
Museums restore old paintings carefully, removing yellowed varnish without touching the original paint.
Her sketchbook is full of quick drawings of strangers on the train.
The exhibition compared early and late works to show how the artist's style changed over forty years.
Pottery classes have become popular with people who spend their working days in front of screens.
""",
}


def topics():
    out = []
    for name, block in TOPICS.items():
        sents = [s.strip() for s in block.strip().split("\n") if s.strip()]
        out.append((name, sents))
    return out


def make_short(tok, rng):
    tps = topics()
    seen, lines = set(), []
    while len(lines) < N_SHORT:
        name, sents = tps[rng.randrange(len(tps))]
        k = rng.choices([1, 2, 3], weights=[30, 40, 30])[0]
        i = rng.randrange(len(sents) - k + 1)
        line = " ".join(sents[i:i + k])
        if line in seen:
            continue
        seen.add(line)
        lines.append(line)
    return lines


def make_long(tok, rng):
    tps = topics()
    lens = {}

    def ntok(text):
        if text not in lens:
            lens[text] = len(tok.encode(text).ids)
        return lens[text]

    seen, lines = set(), []
    t = 0
    while len(lines) < N_LONG:
        # topic t first (shuffled), then the following topics, adding whole sentences that fit
        order = []
        for d in range(len(tps)):
            s = list(tps[(t + d) % len(tps)][1])
            rng.shuffle(s)
            order.extend(s)
        t += 1
        parts, used = [], 0
        for s in order:
            cand = " ".join(parts + [s])
            n = ntok(cand)
            if n <= LONG_MAX:
                parts.append(s)
                used = n
            if used >= LONG_MIN:
                break
        text = " ".join(parts)
        if LONG_MIN <= used <= LONG_MAX and text not in seen:
            seen.add(text)
            lines.append(text)
    return lines


def stats(tok, lines):
    n = [len(tok.encode(x).ids) for x in lines]
    return {"count": len(n), "mean": statistics.mean(n), "median": statistics.median(n),
            "min": min(n), "max": max(n), "over_256": sum(1 for x in n if x > 256),
            "bytes": sum(len(x.encode()) + 1 for x in lines)}


def load_tokenizer(model_dir):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.no_truncation()   # count every token; the benchmarks truncate at 256 like ST
    tok.no_padding()
    return tok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "texts"))
    ap.add_argument("--check", action="store_true", help="regenerate in memory and compare with the files")
    a = ap.parse_args()
    tok = load_tokenizer(a.model_dir)
    rng = random.Random(SEED)
    sets = {"short": make_short(tok, rng), "long": make_long(tok, rng)}
    bad = 0
    for name, lines in sets.items():
        for x in lines:
            assert "\n" not in x and "\r" not in x and "\t" not in x and x == x.strip()
        path = os.path.join(a.out, name + ".txt")
        data = "".join(x + "\n" for x in lines)
        if a.check:
            with open(path, encoding="utf-8") as f:
                same = f.read() == data
            bad += not same
            print("%s: %s" % (path, "matches the generator" if same else "DIFFERS from the generator"))
        else:
            os.makedirs(a.out, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(data)
        print(name, stats(tok, lines))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
