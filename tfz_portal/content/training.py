"""The national training catalog: modules every community shows, written by
us. Each community may add its own modules beside these.

The video links are placeholders in the style of the U.S. Institute Against
Human Trafficking's channel; platform staff replace them with the Institute's
real links. Every page works without the video: the summary says what the
module teaches, and the knowledge check can be answered from it.
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import TrainingModule
from ..tenancy import Scope, tenant_scope

EVERYONE: list[str] = []


def _q(prompt: str, choices: list[str], answer: int) -> dict:
    return {"prompt": prompt, "choices": choices, "answer": answer}


CATALOG: list[dict] = [
    # Required of everyone, and retaken at renewal.
    dict(
        slug="understanding-sex-trafficking",
        title="Understanding sex trafficking",
        summary=(
            "Sex trafficking means making someone sell sex through force, fraud or coercion; "
            "any child sold for sex is a victim, whether or not force was used. It happens in "
            "small towns as well as big cities, to people of every gender and age, U.S. citizens "
            "and migrants alike. Only 3,000 to 4,000 cases reach court in the U.S. each year, "
            "while some estimate that as many as 100,000 American children are being exploited. "
            "This module explains how traffickers find, groom and control the people they sell."),
        video_url="https://www.youtube.com/watch?v=tfzBasics01",
        duration_minutes=12, sectors=EVERYONE, position=10, required=True, for_renewal=True,
        pass_mark=67,
        questions=[
            _q("Which of these is sex trafficking?",
               ["Making someone sell sex through force, fraud or coercion",
                "Two adults going on a date",
                "Someone working long hours for low pay"], 0),
            _q("A 16-year-old is sold for sex, but no one used force. Is this sex trafficking?",
               ["Yes: any child sold for sex is a victim of trafficking",
                "No: without force it is not trafficking",
                "Only if the child was taken across a state line"], 0),
            _q("Who can become a victim of sex trafficking?",
               ["Only women brought here from other countries",
                "People of any gender and age, U.S. citizens as well as migrants",
                "Only children who have run away"], 1),
        ],
    ),
    dict(
        slug="the-demand-why-buyers-matter",
        title="The demand: why buyers matter",
        summary=(
            "Trafficking exists because people pay for sex: without buyers, there is no money "
            "in selling people. In 2016 an estimated 4.8 million people were victims of sex "
            "trafficking worldwide, in an industry worth about $150 billion, and Americans buy "
            "sex at home and abroad in greater numbers than people of any other nation. This "
            "module shows how a community cuts demand: prevention, holding buyers accountable, "
            "and help for those who want to stop."),
        video_url="https://vimeo.com/999999991",
        duration_minutes=10, sectors=EVERYONE, position=20, required=True, for_renewal=True,
        pass_mark=67,
        questions=[
            _q("Why does a TraffickingFree Zone focus on buyers?",
               ["Without people paying for sex, selling people would not pay",
                "Buyers are usually victims themselves",
                "Buyers are easier to find than traffickers"], 0),
            _q("Which of these helps reduce demand?",
               ["Treating sex buying as a harmless joke",
                "Holding buyers accountable and helping those who want to stop",
                "Scrolling past online ads for sex"], 1),
            _q("About how much was the worldwide sex trafficking industry worth in 2016?",
               ["$150 million", "$1.5 billion", "$150 billion"], 2),
        ],
    ),
    # One required module for each sector.
    dict(
        slug="law-enforcement-buyer-focused-investigations",
        title="Buyer-focused policing",
        summary=(
            "Officers often first meet trafficking victims as people arrested for prostitution. "
            "This module covers treating the people who are sold as victims rather than "
            "offenders, working alongside victim advocates, and turning enforcement toward the "
            "buyers and traffickers who keep the market going. It also covers interviewing "
            "children with care and connecting them with services."),
        video_url="https://www.youtube.com/watch?v=tfzPolice01",
        duration_minutes=15, sectors=["law_enforcement"], position=30, required=True,
        pass_mark=67,
        questions=[
            _q("A child is found during a prostitution investigation. How should officers "
               "treat them?",
               ["As a victim who needs protection and services",
                "As a suspect to be charged",
                "As a witness, only if they offer to help"], 0),
            _q("Which approach cuts demand most directly?",
               ["Arresting only the people who are sold",
                "Investigating and charging buyers",
                "Waiting for victims to come forward"], 1),
            _q("Who should officers bring in once they identify a victim?",
               ["No one, to keep the case confidential",
                "A trained victim advocate or service provider",
                "The person the victim lives with"], 1),
        ],
    ),
    dict(
        slug="business-trafficking-in-the-workplace",
        title="Trafficking and the workplace",
        summary=(
            "Traffickers rely on ordinary businesses: hotel rooms, rides, payment services and "
            "shops. This module shows front-line staff the signs to watch for, such as a young "
            "person who cannot speak for themselves, a stream of visitors to one room, or a "
            "companion who holds someone's documents, and how to report safely without "
            "confronting anyone. It also explains how a company policy against buying sex backs "
            "staff up when they speak."),
        video_url="https://youtu.be/tfzBusines1",
        duration_minutes=12, sectors=["business"], position=30, required=True, pass_mark=67,
        questions=[
            _q("A guest's room has a stream of visitors through the night, and a young woman "
               "with them seems afraid. What should staff do?",
               ["Confront the guest",
                "Report it as company policy says, without confronting anyone",
                "Nothing: guests have a right to privacy"], 1),
            _q("Which is a common sign that someone is controlled by another person?",
               ["They carry their own ID",
                "Someone else speaks for them and holds their documents",
                "They pay by card"], 1),
            _q("Why adopt a company policy against buying sex?",
               ["It shows the company stands against demand and backs staff who report",
                "A business license requires it",
                "It replaces training"], 0),
        ],
    ),
    dict(
        slug="school-grooming-and-recruitment",
        title="Protecting students from grooming and recruitment",
        summary=(
            "Traffickers look for young people who are lonely, in conflict at home, in foster "
            "care or on the run: an FBI investigation found that 60 to 70 percent of victims "
            "came through child welfare or foster care. Recruitment often starts online or "
            "through a trusted 'boyfriend' or friend. This module covers the warning signs "
            "staff may notice, such as sudden gifts, an older partner or missed school, and how "
            "to follow your school's reporting duties."),
        video_url="https://www.youtube.com/watch?v=tfzSchool01",
        duration_minutes=14, sectors=["school"], position=30, required=True, pass_mark=67,
        questions=[
            _q("Which student is at greater risk of being targeted by a trafficker?",
               ["A student with a stable home and many friends",
                "A student who has run away or lives in foster care",
                "A student on a sports team"], 1),
            _q("A student suddenly has expensive new things and talks about an older "
               "boyfriend. What should a staff member do?",
               ["Follow the school's reporting procedure",
                "Contact the older partner directly",
                "Wait to see if things get worse"], 0),
            _q("Where does recruitment often begin?",
               ["Only in other cities",
                "Online, or through someone the young person trusts",
                "Only with strangers on the street"], 1),
        ],
    ),
    dict(
        slug="medical-recognizing-trafficking-in-patients",
        title="Recognizing trafficking in patients",
        summary=(
            "Many survivors saw a doctor, nurse or emergency department while they were being "
            "exploited, and no one asked. This module covers the signs in a patient's history "
            "and behavior, how to make a chance to speak with the patient alone, trauma-informed "
            "care, and what your facility's protocol and mandatory reporting rules require, "
            "especially for children."),
        video_url="https://www.youtube.com/watch?v=tfzMedical1",
        duration_minutes=15, sectors=["medical"], position=30, required=True, pass_mark=67,
        questions=[
            _q("Why try to speak with a patient alone?",
               ["A companion may be controlling them, so they may not speak freely",
                "It saves time",
                "It is never needed"], 0),
            _q("A patient who is a child shows signs of being sold for sex. What applies?",
               ["Nothing, unless the patient asks for help",
                "The mandatory reporting rules for suspected child abuse",
                "A referral at discharge, if there is time"], 1),
            _q("What does trauma-informed care look like?",
               ["Pressing the patient for details straight away",
                "Offering choices, explaining each step and never blaming",
                "Waiting until discharge to ask anything"], 1),
        ],
    ),
    dict(
        slug="faith-speaking-about-sex-buying",
        title="Speaking about sex buying in your congregation",
        summary=(
            "Faith communities reach people, buyers and would-be buyers among them, whom no "
            "one else reaches. This module helps leaders talk plainly about pornography, sex "
            "buying and their link to trafficking, support members who want to stop, and care "
            "for survivors with dignity. It also covers safe practices for youth programs."),
        video_url="https://www.youtube.com/watch?v=tfzFaith001",
        duration_minutes=10, sectors=["faith"], position=30, required=True, pass_mark=100,
        questions=[
            _q("Why do faith communities matter in reducing demand?",
               ["They reach people, buyers among them, whom others don't",
                "They investigate trafficking cases",
                "They can make arrests"], 0),
            _q("A member tells you they want to stop buying sex. What helps?",
               ["Naming them in front of the congregation",
                "Listening, and pointing them to confidential help",
                "Telling them it is harmless"], 1),
        ],
    ),
    dict(
        slug="government-policy-tools",
        title="Policy tools that reduce demand",
        summary=(
            "Public agencies set rules that make a community a harder place to buy and sell "
            "people. This module covers codes of conduct that forbid employees to buy sex, "
            "including on work travel and public devices, contract terms for suppliers, the "
            "licensing of businesses often used for trafficking, and funding for victim services."),
        video_url="https://www.youtube.com/watch?v=tfzGovt0001",
        duration_minutes=12, sectors=["government"], position=30, required=True, pass_mark=100,
        questions=[
            _q("Which is a tool a government agency can use against demand?",
               ["A code of conduct forbidding employees to buy sex, on work travel too",
                "Closing the trafficking hotline",
                "Keeping trafficking figures secret"], 0),
            _q("How can purchasing rules help?",
               ["By asking suppliers to have their own policies against trafficking",
                "By lowering prices",
                "They can't"], 0),
        ],
    ),
    dict(
        slug="community-outreach-and-referrals",
        title="Reaching neighbors: outreach and referrals",
        summary=(
            "Community groups are often first to notice when a neighbor, a client or a young "
            "person is in trouble. This module explains how to pass what you learn here on to "
            "your members, how to refer someone to local services or the National Human "
            "Trafficking Hotline, and how to help without putting anyone at greater risk."),
        video_url="https://www.youtube.com/watch?v=tfzCommun01",
        duration_minutes=10, sectors=["community_org"], position=30, required=True,
        questions=[],
    ),
    dict(
        slug="media-reporting-without-harm",
        title="Reporting on trafficking without harm",
        summary=(
            "How a story is told shapes what the public believes about trafficking. This module "
            "covers accurate words (a child who was sold for sex, never a 'child prostitute'), "
            "protecting survivors' identities, avoiding sensational images, and ending every "
            "story with the demand side and where to find help."),
        video_url="https://vimeo.com/999999992",
        duration_minutes=10, sectors=["media"], position=30, required=True, pass_mark=100,
        questions=[
            _q("Which words are accurate for a child who was sold for sex?",
               ["Child prostitute", "A child who was trafficked", "Underage escort"], 1),
            _q("What should a story about trafficking include?",
               ["The survivor's full name and photo",
                "Where readers can get help, such as the National Human Trafficking Hotline",
                "Graphic details, to draw readers in"], 1),
        ],
    ),
    dict(
        slug="individual-what-one-resident-can-do",
        title="What one resident can do",
        summary=(
            "You don't need a title to make a difference. This module explains the Stomp Out "
            "the Demand pledge, never to buy sex and to discourage others from buying it, how "
            "to notice warning signs in everyday life, how to talk with friends and family, and "
            "when to call 911 or the National Human Trafficking Hotline (1-888-373-7888, or "
            "text 233733)."),
        video_url="https://www.youtube.com/watch?v=tfzResident",
        duration_minutes=8, sectors=["individual"], position=30, required=True, pass_mark=67,
        questions=[
            _q("What does the Stomp Out the Demand pledge ask of you?",
               ["Never to buy sex, and to discourage others from buying it",
                "To investigate cases yourself",
                "To give money"], 0),
            _q("Someone is in immediate danger. What should you do?",
               ["Post about it online", "Call 911", "Confront the person you suspect"], 1),
            _q("Which number reaches the National Human Trafficking Hotline?",
               ["1-888-373-7888", "411", "1-800-555-0100"], 0),
        ],
    ),
    # Optional modules.
    dict(
        slug="online-exploitation-for-families",
        title="Online exploitation: what families should know",
        summary=(
            "Most recruitment of young people now begins on a phone, through social media, "
            "games and messaging apps. This module explains sextortion, grooming by a "
            "'boyfriend' met online and fake job offers, and simple steps families can take: "
            "talk early, know the apps, and make it safe for a child to say when something "
            "is wrong."),
        video_url="https://www.youtube.com/watch?v=tfzOnline01",
        duration_minutes=9, sectors=["individual", "school", "faith", "community_org"],
        position=40, required=False, questions=[],
    ),
    dict(
        slug="trauma-informed-responses",
        title="Trauma-informed responses",
        summary=(
            "People who have been trafficked may seem uncooperative, angry or numb: common "
            "responses to trauma, not signs of lying. This module explains how trauma affects "
            "memory and trust, and simple ways to make a conversation feel safer: a private "
            "place, plain words, real choices and patience."),
        video_url="https://www.youtube.com/watch?v=tfzTrauma01",
        duration_minutes=11,
        sectors=["law_enforcement", "medical", "school", "faith", "government", "community_org"],
        position=50, required=False, pass_mark=100,
        questions=[
            _q("Someone you believe was trafficked tells their story out of order. This most "
               "likely means...",
               ["They are lying",
                "Trauma can affect memory: it is a common response",
                "They don't need help"], 1),
            _q("Which makes a conversation feel safer?",
               ["A private place, plain words and real choices",
                "Several people in the room",
                "Quick questions, one after another"], 0),
        ],
    ),
    dict(
        slug="helping-someone-stop-buying-sex",
        title="Helping someone who wants to stop buying sex",
        summary=(
            "Many buyers want to stop but don't know where to turn. This module describes the "
            "confidential help available to people who want to stop buying sex, how to raise "
            "the subject without shaming, and why helping one buyer stop protects the people "
            "who would otherwise be sold."),
        video_url="https://www.youtube.com/watch?v=tfzStopBuy1",
        duration_minutes=8, sectors=EVERYONE, position=60, required=False, for_renewal=True,
        questions=[],
    ),
]


def seed_training_catalog() -> list[TrainingModule]:
    """Create the catalog's modules that are missing (matched by slug); a
    module already there, possibly edited by platform staff, is left alone."""
    with tenant_scope(Scope.PLATFORM):
        existing = set(db.session.execute(
            select(TrainingModule.slug).where(TrainingModule.tenant_id.is_(None))).scalars())
        created = []
        for spec in CATALOG:
            if spec["slug"] in existing:
                continue
            module = TrainingModule(**{**spec, "sectors": list(spec["sectors"]),
                                       "questions": [dict(q) for q in spec["questions"]]})
            db.session.add(module)
            created.append(module)
        db.session.flush()
    return created
