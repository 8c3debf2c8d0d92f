"""Demo reviewers and the phrases their reviews are written from.

Reviewers are ordinary customer accounts with unusable passwords: they exist so that ratings and
review counts in the demo are real aggregates of real rows.
"""

REVIEWER_EMAIL_DOMAIN = "reviewers.phonestore.example"

REVIEWERS = [
    "Aarav Sharma", "Ananya Iyer", "Rohan Mehta", "Priya Nair", "Vikram Singh", "Sneha Kulkarni",
    "Arjun Reddy", "Kavya Menon", "Rahul Verma", "Ishita Banerjee", "Aditya Joshi", "Meera Pillai",
    "Karan Malhotra", "Pooja Deshpande", "Siddharth Rao", "Nikita Agarwal", "Manish Gupta", "Divya Krishnan",
    "Harsh Patel", "Neha Chatterjee", "Amit Kumar", "Shreya Ghosh", "Yash Chauhan", "Lakshmi Subramanian",
    "Farhan Qureshi", "Tanvi Bhatt", "Gurpreet Kaur", "Abhishek Mishra", "Ritika Saxena", "Deepak Yadav",
    "Sana Shaikh", "Varun Hegde",
]

TITLES = {
    5: ["Excellent phone", "Best in this price range", "Absolutely loving it", "Worth every rupee",
        "Superb camera and battery", "Brilliant display", "Highly recommended", "Flagship experience",
        "Perfect upgrade", "Fantastic performance"],
    4: ["Very good phone", "Value for money", "Great performance, minor niggles", "Good camera, decent battery",
        "Solid all-rounder", "Happy with the purchase", "Nice phone overall", "Good but not perfect"],
    3: ["Decent but not great", "Average battery life", "Okay for the price", "Good display, average camera",
        "Mixed feelings", "Does the job"],
    2: ["Heats up while gaming", "Not worth the price", "Camera disappoints in low light", "Battery drains quickly",
        "Too much bloatware"],
    1: ["Very disappointed", "Stopped charging within a week", "Poor build quality", "Do not buy"],
}

# Sentences about one aspect each, by tone, with the kind of phone they fit: "any", "5g" (5G phones),
# "fast" (mid-range and up), "budget". Placeholders come from the product's specs.
PRAISE = [
    ("The {battery} mAh battery easily lasts a full day of heavy use, often more.", "any"),
    ("The {mp} MP main camera takes sharp, detailed photos in daylight and handles portraits well.", "any"),
    ("The {size}-inch display is bright and vivid, watching videos on it is a treat.", "any"),
    ("The {chip} handles everything I throw at it, including BGMI at high settings.", "fast"),
    ("Charging is quick: from 20% to full in well under an hour.", "fast"),
    ("It feels premium in the hand and the {colour} finish looks stunning.", "fast"),
    ("Software is clean and smooth, and updates have arrived on time.", "any"),
    ("Call quality and network reception are excellent, even on 5G in my area.", "5g"),
    ("Speakers are loud and clear for a phone.", "any"),
    ("Low-light photos are much better than my old phone.", "fast"),
    ("Smooth enough for WhatsApp, YouTube, UPI payments and a bit of casual gaming.", "budget"),
    ("Bought it for my parents and they found it easy to use.", "budget"),
    ("The {colour} colour looks much better in person than in the pictures.", "any"),
]
COMPLAINT = [
    ("It gets warm during long gaming sessions and while charging.", "any"),
    ("The battery drains faster than I expected, I need to charge it by evening.", "any"),
    ("Night photos are noisy and the ultra-wide camera is average.", "fast"),
    ("Low-light photos are grainy.", "budget"),
    ("There is a lot of preinstalled bloatware that cannot be removed.", "any"),
    ("The {colour} back picks up fingerprints easily, use a cover.", "any"),
    ("The phone is a bit heavy at {weight} g for one-handed use.", "any"),
    ("The charger is not included in the box.", "fast"),
    ("Charging takes well over two hours.", "budget"),
    ("Face unlock struggles in dim light.", "any"),
    ("Some apps stutter occasionally, I hope an update fixes it.", "any"),
    ("The 5G signal drops to 4G indoors quite often.", "5g"),
]
DELIVERY = [
    "Delivered in two days to {city}, well packed.",
    "Delivery was on time to {city} and the box was sealed.",
    "Got it a day early in {city}.",
    "",
    "",
]
CITIES = ["Bengaluru", "Mumbai", "Pune", "Chennai", "Hyderabad", "Delhi", "Kolkata", "Ahmedabad", "Jaipur",
          "Kochi", "Lucknow", "Indore", "Chandigarh", "Coimbatore", "Bhubaneswar", "Nagpur"]
