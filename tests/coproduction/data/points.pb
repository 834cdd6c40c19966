META
key;value
description;Points ballots, written by hand for the Equal Shares test
country;United Kingdom
unit;Test
instance;points
num_projects;3
num_votes;4
budget;60
vote_type;cumulative
rule;equalshares/add1
max_sum_points;10
PROJECTS
project_id;cost;name
A;30;Skate park
B;30;Youth café
C;30;Music studio
VOTES
voter_id;vote;points
1;A,B;6,4
2;A,B;6,4
3;A,B;6,4
4;C;10
